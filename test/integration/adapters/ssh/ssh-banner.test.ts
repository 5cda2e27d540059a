/**
 * `sshAnswers` (issue 11 item 5: `vm create` says running only once SSH answers) against a real ssh2 server, a
 * closed port, and an HTTP server on 127.0.0.1.
 */
import {once} from 'node:events';
import {createServer} from 'node:http';
import {createServer as createTcpServer} from 'node:net';
import {describe, expect, it} from 'vitest';
import {generateEd25519KeyPair} from '../../../../source/adapters/ssh/generate-key.js';
import {sshAnswers} from '../../../../source/adapters/ssh/ssh-banner.js';
import {startTestSshServer} from '../../../helpers/ssh-server.js';

describe('sshAnswers', () => {
  it('is true for an SSH server, false for a closed port, an HTTP server and a silent one', async () => {
    const ssh = await startTestSshServer({authorizedKey: generateEd25519KeyPair().public});
    const http = createServer((_request, response) => response.end('hello'));
    http.listen(0, '127.0.0.1');
    await once(http, 'listening');
    const silent = createTcpServer(() => {});
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const closed = createTcpServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const closedPort = (closed.address() as {port: number}).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    try {
      expect(await sshAnswers('127.0.0.1', ssh.port, 3000)).toBe(true);
      expect(await sshAnswers('127.0.0.1', closedPort, 3000)).toBe(false);
      expect(await sshAnswers('127.0.0.1', (http.address() as {port: number}).port, 500)).toBe(false);
      expect(await sshAnswers('127.0.0.1', (silent.address() as {port: number}).port, 300)).toBe(false);
    } finally {
      await ssh.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  }, 30_000);
});
