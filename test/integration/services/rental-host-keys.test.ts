/**
 * case-31 and issue 12 item 1–2 against a real OpenSSH sshd: pins belong to rentals. A new rental on a re-used
 * host:port connects (golem and plain ssh) without a warning; a different host key behind a port move from the
 * provider's plain-HTTP access answer is refused; the same key on a new port is accepted and the move said.
 */
import {execFileSync, spawnSync} from 'node:child_process';
import {once} from 'node:events';
import {chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Writable} from 'node:stream';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {openDatabase} from '../../../source/adapters/db/database.js';
import {loadConfig, type AppConfig} from '../../../source/config/settings.js';
import {HostKeyMismatchError} from '../../../source/errors.js';
import {sshCommandLine} from '../../../source/commands/ssh-command-line.js';
import {createServiceContext} from '../../../source/services/create-services.js';
import type {ServiceContext} from '../../../source/services/context.js';
import {newRentalAlias} from '../../../source/services/ssh-access/rental-alias.js';
import {sshConfig} from '../../../source/services/ssh-access/write-ssh-config.js';
import {pinRentalHostKey} from '../../../source/services/vms/pin-host-key.js';
import {withSshTarget} from '../../../source/services/vms/ssh-target.js';
import {freeTcpPort, sshKeygen, startOpenSshServer, type OpenSshServer} from '../../helpers/openssh-server.js';

let root: string;
let config: AppConfig;
let ctx: ServiceContext;
let providerPort: number;
let provider: Server;
/** What the stand-in provider's `GET /vms/{name}/access` answers: the SSH port per VM name. */
const accessPorts = new Map<string, number>();
const servers: OpenSshServer[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'golem-case31-'));
  // sshd reads authorized_keys as the login user (ubuntu), so the directory must be searchable by it.
  chmodSync(root, 0o755);
  config = loadConfig({GOLEM_REQUESTOR_BASE_DIR: join(root, 'golem'), GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'devnet'});
  ctx = createServiceContext(config, {db: openDatabase(config.paths.dbPath), timing: {pollIntervalMs: 200, createTimeoutMs: 10_000}});
  const key = await ctx.sshKeys.resolveKeyPair();
  writeFileSync(join(root, 'authorized_keys'), `${key.publicKey}\n`, {mode: 0o644});
  for (const name of ['host-a', 'host-b', 'host-c']) sshKeygen(join(root, name));
  provider = createServer((request, response) => {
    const name = /^\/api\/v1\/vms\/([^/]+)\/access$/.exec(request.url ?? '')?.[1];
    const port = name === undefined ? undefined : accessPorts.get(name);
    response.writeHead(port === undefined ? 404 : 200, {'content-type': 'application/json'});
    response.end(JSON.stringify(port === undefined ? {detail: 'Not Found'} : {ssh_host: '127.0.0.1', ssh_port: port, vm_id: name}));
  });
  provider.listen(0, '127.0.0.1');
  await once(provider, 'listening');
  providerPort = (provider.address() as {port: number}).port;
}, 120_000);

afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});

afterAll(async () => {
  ctx.db.close();
  await new Promise((resolve) => provider.close(resolve));
  rmSync(root, {recursive: true, force: true});
});

async function sshd(port: number, hostKey: 'host-a' | 'host-b' | 'host-c'): Promise<OpenSshServer> {
  const server = await startOpenSshServer({dir: join(root, 'sshd'), port, hostKeyPath: join(root, hostKey), authorizedKeysPath: join(root, 'authorized_keys')});
  servers.push(server);
  return server;
}

function rent(name: string, sshPort: number) {
  accessPorts.set(name, sshPort);
  return ctx.db.repositories.vms.upsert({
    name,
    vmId: name,
    providerId: `0x${'ab'.repeat(20)}`,
    providerIp: '127.0.0.1',
    providerPort,
    resources: {cpu: 1, memory: 1, storage: 10},
    sshHost: '127.0.0.1',
    sshPort,
    hostKeyAlias: newRentalAlias(name),
    streamId: null,
    status: 'running',
  });
}

/** Runs `command` over golem's ssh client on VM `name`; returns stdout and the notices said. */
async function golemExec(name: string, command: string) {
  let stdout = '';
  const notices: string[] = [];
  const sink = (onChunk: (text: string) => void) => new Writable({write: (chunk: Buffer, _encoding, done) => (onChunk(chunk.toString()), done())});
  const {exitCode} = await withSshTarget(ctx, name, (target) => ctx.ssh.exec(target, command, {stdout: sink((text) => (stdout += text)), stderr: sink(() => {})}), {
    onNotice: (message) => notices.push(message),
  });
  return {exitCode, stdout, notices};
}

/** Runs a shell command line (the printed `ssh …`) plus extra arguments with OpenSSH; returns its output and status. */
function openSsh(commandLine: string, remote: string) {
  const result = spawnSync('sh', ['-c', `${commandLine.replace(/^ssh /, 'ssh -o BatchMode=yes ')} ${remote}`], {encoding: 'utf8', timeout: 20_000});
  return {status: result.status, stdout: result.stdout, stderr: result.stderr};
}

describe('case-31: host keys are pinned per rental, never per host:port', () => {
  it('a new rental on a re-used host:port connects without a warning, with golem, the printed command and ssh -F', async () => {
    const port = await freeTcpPort();
    await sshd(port, 'host-a');
    const first = rent('vm-a', port);
    const key = await ctx.sshKeys.resolveKeyPair();
    const pinA = await pinRentalHostKey(ctx, {vm: first, key});
    expect(pinA.isNew).toBe(true);
    expect(pinA.fingerprint).toBe(execFileSync('ssh-keygen', ['-lf', join(root, 'host-a.pub')], {encoding: 'utf8'}).split(' ')[1]);
    // The command printed right after create connects at once (the pin is there under the alias).
    expect(openSsh(sshCommandLine(first, config.paths)!, 'echo printed-a')).toMatchObject({status: 0, stdout: 'printed-a\n'});

    // The provider itself deletes A (golem never hears of it) and hands the same port to rental B with another key.
    ctx.db.repositories.vms.update('vm-a', {status: 'deleted'});
    await servers.pop()!.stop();
    await sshd(port, 'host-b');
    const second = rent('vm-b', port);
    const pinB = await pinRentalHostKey(ctx, {vm: second, key});
    expect(pinB.isNew).toBe(true);
    expect(pinB.fingerprint).not.toBe(pinA.fingerprint);
    expect(await golemExec('vm-b', 'echo golem-b')).toEqual({exitCode: 0, stdout: 'golem-b\n', notices: []});
    const printed = openSsh(sshCommandLine(second, config.paths)!, 'echo printed-b');
    expect(printed).toMatchObject({status: 0, stdout: 'printed-b\n'});
    expect(printed.stderr).not.toMatch(/WARNING|IDENTIFICATION HAS CHANGED|verification failed/i);

    // `ssh -F <golem ssh-config> golem-vm-b` works the same way.
    const configPath = join(root, 'golem.ssh_config');
    writeFileSync(configPath, sshConfig(ctx, {write: false}).text);
    const viaConfig = spawnSync('ssh', ['-F', configPath, '-o', 'BatchMode=yes', 'golem-vm-b', 'echo via-config'], {encoding: 'utf8', timeout: 20_000});
    expect(viaConfig.stdout, viaConfig.stderr).toBe('via-config\n');
    expect(viaConfig.status).toBe(0);
    // The user's own ~/.ssh/known_hosts is never written.
    expect(readFileSync(config.paths.knownHostsPath, 'utf8')).toContain(second.hostKeyAlias!);
  }, 60_000);

  it('refuses a host-key swap behind a port move, and follows a move where the pinned key answers', async () => {
    const port = await freeTcpPort();
    await sshd(port, 'host-b');
    const vm = rent('vm-m', port);
    const key = await ctx.sshKeys.resolveKeyPair();
    const pin = await pinRentalHostKey(ctx, {vm, key});

    // The VM's port stops answering; the (unauthenticated) access answer points at a port where another key listens.
    await servers.pop()!.stop();
    const rogue = await freeTcpPort();
    await sshd(rogue, 'host-c');
    accessPorts.set('vm-m', rogue);
    const refused = await golemExec('vm-m', 'echo MITM captured: id').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HostKeyMismatchError);
    expect((refused as HostKeyMismatchError).message).toContain(`moved from 127.0.0.1:${port}`);
    expect((refused as HostKeyMismatchError).message).toContain("the provider's access answer may have been tampered with");
    expect((refused as HostKeyMismatchError).knownFingerprints).toEqual([pin.fingerprint]);
    expect(ctx.db.repositories.vms.require('vm-m').sshPort).toBe(port);
    // Plain OpenSSH with the rental's alias refuses the rogue server too.
    const plain = openSsh(sshCommandLine({...vm, sshPort: rogue}, config.paths)!, 'echo MITM');
    expect(plain.status).toBe(255);
    expect(plain.stdout).toBe('');
    expect(plain.stderr).toMatch(/Host key verification failed/);

    // A real move: the same VM (same host key) now answers on another port.
    const moved = await freeTcpPort();
    await sshd(moved, 'host-b');
    accessPorts.set('vm-m', moved);
    const result = await golemExec('vm-m', 'echo moved-ok');
    expect(result.stdout).toBe('moved-ok\n');
    expect(result.notices).toEqual([`'vm-m' moved from 127.0.0.1:${port} to 127.0.0.1:${moved}; its host key is the one pinned for ${vm.hostKeyAlias}.`]);
    expect(ctx.db.repositories.vms.require('vm-m').sshPort).toBe(moved);
    expect(openSsh(sshCommandLine(ctx.db.repositories.vms.require('vm-m'), config.paths)!, 'echo plain-moved')).toMatchObject({status: 0, stdout: 'plain-moved\n'});
  }, 60_000);
});
