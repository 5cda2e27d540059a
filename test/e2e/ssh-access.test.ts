/**
 * Issue 12 end to end with the built CLI on a real devnet (its VMs are SSH sandboxes running as the unprivileged
 * golem-vm user when the devnet runs as root): right after `vm create`, the printed ssh command and
 * `ssh -F <golem ssh-config> golem-NAME` connect with plain OpenSSH; `vm cp` round-trips a 50 MB file and a tree with
 * identical checksums; `vm forward` reaches an HTTP server with curl; the passphrase prompt works in tmux; destroy
 * drops the pin. OpenSSH, curl and tmux are Debian packages, installed when missing (never skipped).
 */
import {execFileSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {sha256, treeOf} from '../helpers/file-tree.js';

const cli = resolve('dist/source/cli.js');
const baseDir = mkdtempSync(join(tmpdir(), 'golem-ssh-e2e-'));
const env = {GOLEM_REQUESTOR_BASE_DIR: baseDir, GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'devnet', NO_COLOR: '1', SSH_AUTH_SOCK: ''};
const work = join(baseDir, 'work');
const socket = `golem-ssh-e2e-${process.pid}`;
const tmux = (...args: string[]) => execa('tmux', ['-L', socket, ...args]);

function golem(args: string[], extraEnv: Record<string, string> = {}) {
  return execa(process.execPath, [cli, ...args], {env: {...env, ...extraEnv}, reject: false, timeout: 180_000, stdin: 'ignore'});
}

function aptInstall(...packages: string[]): void {
  const apt = (args: string[]) => execFileSync('apt-get', args, {stdio: 'ignore', env: {...process.env, DEBIAN_FRONTEND: 'noninteractive'}});
  try {
    apt(['install', '-y', '-q', ...packages]);
  } catch {
    apt(['update', '-q']);
    apt(['install', '-y', '-q', ...packages]);
  }
}

let providerId: string;

beforeAll(async () => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first (npm test does).`);
  const missing = [
    ['/usr/bin/ssh', 'openssh-client'],
    ['/usr/lib/openssh/sftp-server', 'openssh-sftp-server'],
    ['/usr/bin/curl', 'curl'],
    ['/usr/bin/tmux', 'tmux'],
  ].filter(([path]) => !existsSync(path!)).map(([, name]) => name!);
  if (missing.length > 0) aptInstall(...missing);
  mkdirSync(work, {recursive: true});
  const up = await golem(['devnet', 'up', '--detach']);
  expect(up.exitCode, up.stderr + up.stdout).toBe(0);
  const {providers} = JSON.parse((await golem(['vm', 'providers', '--cpu', '1', '--memory', '1', '--storage', '10', '--json'])).stdout) as {providers: {provider_id: string}[]};
  providerId = providers[0]!.provider_id;
}, 180_000);

afterAll(async () => {
  await tmux('kill-server').catch(() => undefined);
  await golem(['devnet', 'down']);
  rmSync(baseDir, {recursive: true, force: true});
}, 60_000);

describe('plain OpenSSH, files and ports on a devnet VM', () => {
  it('the printed command and ssh -F golem-NAME connect right after create; cp and forward work; destroy drops the pin', async () => {
    const created = await golem(['vm', 'create', 'ssh-e2e', '--provider-id', providerId, '--cpu', '1', '--memory', '1', '--storage', '10', '--hours', '1', '--yes', '--json']);
    expect(created.exitCode, created.stderr).toBe(0);
    const result = JSON.parse(created.stdout) as {host_key: {alias: string; fingerprint: string}; ssh_command: string};
    expect(result.host_key.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(created.stderr).toContain(`${result.host_key.fingerprint} pinned for ${result.host_key.alias}`);
    expect(result.ssh_command).toContain(`-o HostKeyAlias=${result.host_key.alias}`);

    // The printed command, as is, with BatchMode so nothing could be asked.
    const printed = await execa('sh', ['-c', `${result.ssh_command.replace(/^ssh /, 'ssh -o BatchMode=yes ')} 'echo "printed $USER"; id -u'`], {reject: false});
    expect(printed.stderr).not.toMatch(/WARNING|verification failed/i);
    const [line, uid] = printed.stdout.split('\n');
    expect(line).toBe('printed ubuntu');
    if (process.getuid?.() === 0) expect(Number(uid)).not.toBe(0);

    const config = await golem(['ssh-config']);
    writeFileSync(join(work, 'ssh_config'), config.stdout);
    const viaConfig = await execa('ssh', ['-F', join(work, 'ssh_config'), '-o', 'BatchMode=yes', 'golem-ssh-e2e', 'echo via-config'], {reject: false});
    expect(viaConfig.stdout, viaConfig.stderr).toBe('via-config');

    const info = await golem(['vm', 'info', 'ssh-e2e']);
    expect(info.stdout).toContain(result.ssh_command);

    // vm cp: 50 MB up and back, and a tree with -r.
    const blob = join(work, 'blob.bin');
    writeFileSync(blob, randomBytes(50 * 1024 * 1024));
    const up = await golem(['vm', 'cp', blob, 'ssh-e2e:blob.bin', '--json']);
    expect(up.exitCode, up.stderr).toBe(0);
    expect(JSON.parse(up.stdout)).toMatchObject({copies: [{name: 'ssh-e2e', direction: 'upload', files: 1, bytes: 50 * 1024 * 1024}]});
    const down = await golem(['vm', 'cp', 'ssh-e2e:blob.bin', join(work, 'blob-back.bin')]);
    expect(down.exitCode, down.stderr).toBe(0);
    expect(down.stdout).toMatch(/^Downloaded 1 file \(50\.0 MiB\) to .*blob-back\.bin in [\d.]+ s, [\d.]+ MiB\/s\.$/);
    expect(sha256(join(work, 'blob-back.bin'))).toBe(sha256(blob));

    const tree = join(work, 'site');
    mkdirSync(join(tree, 'css'), {recursive: true});
    writeFileSync(join(tree, 'index.html'), '<h1>golem</h1>\n');
    writeFileSync(join(tree, 'css', 'site.css'), randomBytes(40_000));
    writeFileSync(join(tree, 'deploy.sh'), '#!/bin/sh\n');
    chmodSync(join(tree, 'deploy.sh'), 0o755);
    expect((await golem(['vm', 'cp', '-r', tree, 'ssh-e2e:'])).exitCode).toBe(0);
    const treeBack = join(work, 'site-back');
    const treeDown = await golem(['vm', 'cp', '-r', 'ssh-e2e:site', treeBack]);
    expect(treeDown.exitCode, treeDown.stderr).toBe(0);
    expect(treeOf(treeBack)).toEqual(treeOf(tree));

    // vm forward: curl reaches an HTTP server listening on the VM's loopback.
    const http: Server = createServer((_request, response) => response.end('served on the vm\n'));
    await new Promise<void>((ready) => http.listen(0, '127.0.0.1', ready));
    const httpPort = (http.address() as {port: number}).port;
    const forward = execa(process.execPath, [cli, 'vm', 'forward', 'ssh-e2e', `0:${httpPort}`, '--json'], {env, reject: false, stdin: 'ignore'});
    try {
      const localPort = await new Promise<number>((found, failed) => {
        let text = '';
        forward.stdout!.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          for (const each of text.split('\n').filter(Boolean)) {
            const event = JSON.parse(each) as {event: string; local_port?: number};
            if (event.event === 'connected' && /"event":"listening"/.test(text)) {
              found(Number(/"local_port":(\d+)/.exec(text)![1]));
            }
          }
        });
        void forward.then((ended) => failed(new Error(`vm forward ended: ${ended.stderr}`)));
      });
      const curl = await execa('curl', ['-sS', '--max-time', '20', `http://127.0.0.1:${localPort}/`]);
      expect(curl.stdout).toBe('served on the vm');
    } finally {
      forward.kill('SIGINT');
      const ended = await forward;
      expect(ended.exitCode, ended.stderr).toBe(0);
      http.close();
    }

    const destroyed = await golem(['vm', 'destroy', 'ssh-e2e', '--yes']);
    expect(destroyed.exitCode, destroyed.stderr).toBe(0);
    expect(readFileSync(join(baseDir, 'ssh', 'known_hosts'), 'utf8')).not.toContain(result.host_key.alias);
  }, 300_000);

  it('asks the passphrase of an encrypted key in a terminal (tmux), again after a wrong one, and never shows it', async () => {
    const keyPath = join(work, 'id_encrypted');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'correct horse', '-C', 'e2e', '-f', keyPath]);
    const keyEnv = {GOLEM_REQUESTOR_SSH_KEY_PATH: keyPath};
    const created = await golem(['vm', 'create', 'pass-e2e', '--provider-id', providerId, '--cpu', '1', '--memory', '1', '--storage', '10', '--hours', '1', '--yes'], {
      ...keyEnv,
      GOLEM_REQUESTOR_SSH_KEY_PASSPHRASE: 'correct horse',
    });
    expect(created.exitCode, created.stderr).toBe(0);

    const script = `${process.execPath} ${cli} vm ssh pass-e2e -- echo logged-in-as-\\$USER; echo "EXIT=$?"; sleep 600`;
    await tmux('new-session', '-d', '-s', 'pass', '-x', '120', '-y', '20', ...Object.entries({...env, ...keyEnv}).flatMap(([key, value]) => ['-e', `${key}=${value}`]), script);
    const screen = async () => (await tmux('capture-pane', '-t', 'pass', '-p')).stdout;
    const waitFor = async (text: string) => {
      const deadline = Date.now() + 30_000;
      let last = '';
      while (Date.now() < deadline) {
        last = await screen();
        if (last.includes(text)) return last;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error(`timed out waiting for ${text}; the screen was:\n${last}`);
    };
    await waitFor(`Passphrase for ${keyPath}:`);
    await tmux('send-keys', '-t', 'pass', '-l', 'wrong one');
    await tmux('send-keys', '-t', 'pass', 'Enter');
    await waitFor('Wrong passphrase, try again. Passphrase for');
    await tmux('send-keys', '-t', 'pass', '-l', 'correct horse');
    await tmux('send-keys', '-t', 'pass', 'Enter');
    const final = await waitFor('EXIT=');
    expect(final).toContain('logged-in-as-ubuntu');
    expect(final).toContain('EXIT=0');
    expect(final).not.toContain('correct horse');
    expect(final).not.toContain('wrong one');
    expect((await golem(['vm', 'destroy', 'pass-e2e', '--yes'], {...keyEnv, GOLEM_REQUESTOR_SSH_KEY_PASSPHRASE: 'correct horse'})).exitCode).toBe(0);
  }, 180_000);
});
