/**
 * `golem vm cp` and `golem vm forward` services against a real OpenSSH sshd (issue 12 items 3–4): a 50 MB file and a
 * directory tree round-trip with identical checksums and modes; a forward reaches an HTTP server behind the VM with
 * curl, and comes back after the connection drops.
 */
import {execFile, execFileSync} from 'node:child_process';
import {promisify} from 'node:util';
import {randomBytes} from 'node:crypto';
import {once} from 'node:events';
import {chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import {connect as connectTcp, createServer as createTcpServer, type Socket} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {openDatabase} from '../../../source/adapters/db/database.js';
import {loadConfig} from '../../../source/config/settings.js';
import {InvalidInputError} from '../../../source/errors.js';
import {createServiceContext} from '../../../source/services/create-services.js';
import type {ServiceContext} from '../../../source/services/context.js';
import type {ForwardEvent} from '../../../source/services/ports.js';
import {copyFiles} from '../../../source/services/ssh-access/copy-files.js';
import {forwardPorts} from '../../../source/services/ssh-access/forward-ports.js';
import {newRentalAlias} from '../../../source/services/ssh-access/rental-alias.js';
import {freeTcpPort, OPENSSH_TEST_USER, sshKeygen, startOpenSshServer, type OpenSshServer} from '../../helpers/openssh-server.js';
import {sha256, treeOf} from '../../helpers/file-tree.js';

const execFileAsync = promisify(execFile);

let root: string;
let ctx: ServiceContext;
let sshd: OpenSshServer;
let home: string;

/** curl is Debian's package; installed when missing, never skipped. */
function ensureCurl(): void {
  try {
    execFileSync('curl', ['--version'], {stdio: 'ignore'});
  } catch {
    execFileSync('apt-get', ['install', '-y', '-q', 'curl'], {stdio: 'ignore', env: {...process.env, DEBIAN_FRONTEND: 'noninteractive'}});
  }
}

beforeAll(async () => {
  ensureCurl();
  root = mkdtempSync(join(tmpdir(), 'golem-cp-'));
  chmodSync(root, 0o755);
  const config = loadConfig({GOLEM_REQUESTOR_BASE_DIR: join(root, 'golem'), GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'devnet'});
  ctx = createServiceContext(config, {db: openDatabase(config.paths.dbPath)});
  const key = await ctx.sshKeys.resolveKeyPair();
  writeFileSync(join(root, 'authorized_keys'), `${key.publicKey}\n`, {mode: 0o644});
  sshKeygen(join(root, 'host'));
  const port = await freeTcpPort();
  sshd = await startOpenSshServer({dir: join(root, 'sshd'), port, hostKeyPath: join(root, 'host'), authorizedKeysPath: join(root, 'authorized_keys')});
  home = execFileSync('sh', ['-c', `getent passwd ${OPENSSH_TEST_USER} | cut -d: -f6`], {encoding: 'utf8'}).trim();
  ctx.db.repositories.vms.upsert({
    name: 'files-1',
    vmId: 'files-1',
    providerId: `0x${'ab'.repeat(20)}`,
    providerIp: '127.0.0.1',
    providerPort: 1,
    resources: {cpu: 1, memory: 1, storage: 10},
    sshHost: '127.0.0.1',
    sshPort: port,
    hostKeyAlias: newRentalAlias('files-1'),
    streamId: null,
    status: 'running',
  });
}, 120_000);

afterAll(async () => {
  await sshd?.stop();
  ctx?.db.close();
  rmSync(root, {recursive: true, force: true});
  if (home) rmSync(join(home, 'golem-cp-test'), {recursive: true, force: true});
});

describe('golem vm cp over SFTP (real sshd)', () => {
  it('round-trips a 50 MB file with an identical checksum and mode, with progress up to the total', async () => {
    const local = join(root, 'blob.bin');
    writeFileSync(local, randomBytes(50 * 1024 * 1024), {mode: 0o640});
    chmodSync(local, 0o640);
    const progress: number[] = [];
    const up = await copyFiles(ctx, {source: local, destination: 'files-1:golem-cp-test-blob.bin', isRecursive: false, onProgress: (p) => progress.push(p.bytesDone)});
    expect(up).toMatchObject({name: 'files-1', direction: 'upload', files: 1, bytes: 50 * 1024 * 1024, destination: 'golem-cp-test-blob.bin'});
    expect(progress.at(-1)).toBe(50 * 1024 * 1024);
    expect(sha256(join(home, 'golem-cp-test-blob.bin'))).toBe(sha256(local));
    expect(statSync(join(home, 'golem-cp-test-blob.bin')).mode & 0o777).toBe(0o640);

    const back = join(root, 'back.bin');
    const down = await copyFiles(ctx, {source: 'files-1:~/golem-cp-test-blob.bin', destination: back, isRecursive: false});
    expect(down).toMatchObject({direction: 'download', files: 1, bytes: 50 * 1024 * 1024});
    expect(sha256(back)).toBe(sha256(local));
    expect(statSync(back).mode & 0o777).toBe(0o640);
    rmSync(join(home, 'golem-cp-test-blob.bin'));
  }, 120_000);

  it('round-trips a directory tree (-r) with identical checksums and modes; a directory without -r is refused', async () => {
    const tree = join(root, 'site');
    mkdirSync(join(tree, 'assets', 'img'), {recursive: true});
    writeFileSync(join(tree, 'index.html'), '<h1>hi</h1>\n');
    writeFileSync(join(tree, 'run.sh'), '#!/bin/sh\necho run\n');
    chmodSync(join(tree, 'run.sh'), 0o755);
    writeFileSync(join(tree, 'assets', 'app.js'), randomBytes(300_000));
    writeFileSync(join(tree, 'assets', 'img', 'logo.png'), randomBytes(70_000));
    writeFileSync(join(tree, 'assets', 'empty'), '');
    chmodSync(join(tree, 'assets', 'img'), 0o750);
    const refused = await copyFiles(ctx, {source: tree, destination: 'files-1:', isRecursive: false}).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(InvalidInputError);
    expect((refused as InvalidInputError).hint).toBe('Copy directories with -r.');

    mkdirSync(join(home, 'golem-cp-test'), {recursive: true});
    execFileSync('chown', [OPENSSH_TEST_USER, join(home, 'golem-cp-test')]);
    const up = await copyFiles(ctx, {source: tree, destination: 'files-1:golem-cp-test', isRecursive: true});
    // An existing destination directory receives the tree under its own name, as scp -r does.
    expect(up).toMatchObject({files: 5, directories: 3, destination: 'golem-cp-test/site'});
    expect(treeOf(join(home, 'golem-cp-test', 'site'))).toEqual(treeOf(tree));

    const back = join(root, 'site-back');
    const down = await copyFiles(ctx, {source: 'files-1:golem-cp-test/site', destination: back, isRecursive: true});
    expect(down).toMatchObject({files: 5, directories: 3, destination: back});
    expect(treeOf(back)).toEqual(treeOf(tree));
  }, 60_000);

  it('refuses two remote sides and no remote side, naming the form to use', async () => {
    await expect(copyFiles(ctx, {source: 'a-1:x', destination: 'b-1:y', isRecursive: false})).rejects.toThrow('Both SRC and DST are on a VM.');
    await expect(copyFiles(ctx, {source: './x', destination: './y', isRecursive: false})).rejects.toThrow('Neither SRC nor DST names a VM.');
  });
});

describe('golem vm forward (real sshd)', () => {
  let http: Server;
  let httpPort: number;
  beforeAll(async () => {
    http = createServer((_request, response) => response.end('hello through the tunnel\n'));
    http.listen(0, '127.0.0.1');
    await once(http, 'listening');
    httpPort = (http.address() as {port: number}).port;
  });
  afterAll(() => new Promise<void>((resolve) => http.close(() => resolve())));

  it('reaches an HTTP server on the VM with curl, keeps the local port through a dropped connection, and stops on abort', async () => {
    // The VM is reached through a TCP relay (as a provider's port forwarder) that the test can cut.
    const proxy = await startRelay(sshd.port);
    ctx.db.repositories.vms.update('files-1', {sshPort: proxy.port});
    const controller = new AbortController();
    const events: ForwardEvent[] = [];
    let listening: (port: number) => void;
    const localPort = new Promise<number>((resolve) => (listening = resolve));
    const running = forwardPorts(ctx, {
      name: 'files-1',
      forwards: [`0:${httpPort}`],
      signal: controller.signal,
      onEvent: (event) => {
        events.push(event);
        if (event.type === 'listening') listening(event.localPort);
      },
    });
    const port = await localPort;
    // Asynchronously: the forward runs in this process, so a blocking call would starve it.
    const curl = async () => (await execFileAsync('curl', ['-sS', '--max-time', '20', `http://127.0.0.1:${port}/`], {encoding: 'utf8'})).stdout;
    await waitFor(() => events.some((event) => event.type === 'connected'));
    expect(await curl()).toBe('hello through the tunnel\n');

    // The network path drops (the provider's forwarder resets the connection); the forward reconnects and the same
    // local port works again.
    proxy.dropAll();
    await waitFor(() => events.some((event) => event.type === 'connection-lost'));
    await waitFor(() => events.filter((event) => event.type === 'connected').length >= 2, 30_000);
    expect(await curl()).toBe('hello through the tunnel\n');

    controller.abort();
    await running;
    await proxy.close();
    ctx.db.repositories.vms.update('files-1', {sshPort: sshd.port});
    await expect(execFileAsync('curl', ['-sS', '--max-time', '5', `http://127.0.0.1:${port}/`])).rejects.toThrow(/Failed to connect|Connection refused|Couldn't connect/);
  }, 90_000);

  it('refuses a busy local port before connecting', async () => {
    const busy = createServer();
    busy.listen(0, '127.0.0.1');
    await once(busy, 'listening');
    const {port} = busy.address() as {port: number};
    try {
      await expect(forwardPorts(ctx, {name: 'files-1', forwards: [`${port}:80`], signal: new AbortController().signal})).rejects.toThrow(
        `Local port ${port} is already in use.`,
      );
    } finally {
      busy.close();
    }
  });
});

/** A TCP relay 127.0.0.1:port → 127.0.0.1:`target` whose connections can be cut at once. */
async function startRelay(target: number) {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    const upstream = connectTcp(target, '127.0.0.1');
    for (const each of [socket, upstream]) {
      sockets.add(each);
      each.on('close', () => sockets.delete(each));
      each.on('error', () => {});
    }
    socket.pipe(upstream).pipe(socket);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as {port: number}).port,
    dropAll: () => {
      for (const socket of sockets) socket.destroy();
    },
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

async function waitFor(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
