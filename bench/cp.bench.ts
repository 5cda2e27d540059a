/**
 * `golem vm cp` (issue 12 item 3): golem's SFTP copy (source/adapters/ssh, in this process) against OpenSSH's `scp`
 * (SFTP protocol since OpenSSH 9) and `sftp`, all against the same real OpenSSH sshd on 127.0.0.1, for a 50 MiB
 * file up and down. Target: golem ≥ 0.8× OpenSSH throughput. Runs alternate between the clients so machine load
 * affects them alike; each figure is the median MiB/s.
 */
import {spawn} from 'node:child_process';
import {createHash, randomBytes} from 'node:crypto';
import {readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {createSshClient} from '../source/adapters/ssh/ssh-client.js';
import {createSshKeyStore} from '../source/adapters/ssh/key-store.js';
import type {SshTarget} from '../source/services/ports.js';
import {sample, type Benchmark, type BenchRow} from './lib/benchmark.js';
import {tempDir} from './lib/process.js';
import {startSshd} from './lib/sshd.js';

const RUNS = 5;
const BLOB_BYTES = 50 * 1024 * 1024;
const MIB = 1024 * 1024;

/** Runs an OpenSSH client program to completion; rejects with its stderr on a non-zero exit. */
function run(program: string, args: readonly string[], input?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {stdio: [input === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe']});
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${program} exited ${code}: ${stderr.trim()}`))));
    if (input !== undefined) child.stdin?.end(input);
  });
}

const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** `vm cp` rows: 50 MiB upload and download, golem vs OpenSSH scp and sftp (MiB/s). */
export const benchmark: Benchmark = {
  name: 'cp',
  async run(): Promise<BenchRow[]> {
    const dir = tempDir('cp');
    const sshd = await startSshd(dir);
    try {
      const blobPath = join(dir, 'blob.bin');
      writeFileSync(blobPath, randomBytes(BLOB_BYTES));
      const expected = digest(blobPath);
      const key = await createSshKeyStore({sshKeyDir: join(dir, 'golem-keys'), sshKeyPath: sshd.clientKeyPath}).resolveKeyPair();
      const target: SshTarget = {host: '127.0.0.1', port: sshd.port, username: sshd.username, key, hostKeyAlias: 'golem.bench.00000002'};
      const client = createSshClient({knownHostsPath: join(dir, 'golem_known_hosts'), connectTimeoutMs: 30_000});
      const common = [
        '-q', '-i', sshd.clientKeyPath, '-P', String(sshd.port),
        '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=accept-new', '-o', `UserKnownHostsFile=${join(dir, 'openssh_known_hosts')}`,
        '-o', 'IdentitiesOnly=yes', '-F', '/dev/null',
      ];
      const remote = (name: string) => join(dir, name);
      const clients = {
        golem: {
          up: (to: string) => client.copy(target, {direction: 'upload', localPath: blobPath, remotePath: to, isRecursive: false}),
          down: (from: string, to: string) => client.copy(target, {direction: 'download', localPath: to, remotePath: from, isRecursive: false}),
        },
        scp: {
          up: (to: string) => run('scp', [...common, blobPath, `${sshd.username}@127.0.0.1:${to}`]),
          down: (from: string, to: string) => run('scp', [...common, `${sshd.username}@127.0.0.1:${from}`, to]),
        },
        sftp: {
          up: (to: string) => run('sftp', [...common, '-b', '-', `${sshd.username}@127.0.0.1`], `put ${blobPath} ${to}\n`),
          down: (from: string, to: string) => run('sftp', [...common, '-b', '-', `${sshd.username}@127.0.0.1`], `get ${from} ${to}\n`),
        },
      } as const;
      const rates: Record<keyof typeof clients, {up: number[]; down: number[]}> = {golem: {up: [], down: []}, scp: {up: [], down: []}, sftp: {up: [], down: []}};
      const measure = async (body: () => Promise<unknown>) => {
        const start = performance.now();
        await body();
        return BLOB_BYTES / MIB / ((performance.now() - start) / 1000);
      };
      // Warm-up: known_hosts entries for both clients, page cache for the blob.
      await clients.golem.up(remote('warm-golem'));
      await clients.scp.up(remote('warm-scp'));
      for (let round = 0; round < RUNS; round++) {
        for (const who of ['golem', 'scp', 'sftp'] as const) {
          const uploaded = remote(`up-${who}.bin`);
          const downloaded = join(dir, `down-${who}.bin`);
          rates[who].up.push(await measure(() => clients[who].up(uploaded)));
          rates[who].down.push(await measure(() => clients[who].down(uploaded, downloaded)));
          if (digest(downloaded) !== expected) throw new Error(`${who}: the round-tripped file differs`);
          rmSync(uploaded);
          rmSync(downloaded);
        }
      }
      const row = (direction: 'up' | 'down', baseline: 'scp' | 'sftp'): BenchRow => {
        const golem = sample(rates.golem[direction]);
        const base = sample(rates[baseline][direction]);
        return {
          name: `vm cp: 50 MiB ${direction === 'up' ? 'upload' : 'download'} vs ${baseline}`,
          unit: 'MiB/s',
          golem,
          baseline: {...base, label: `OpenSSH ${baseline}`},
          target: '≥ 0.8× baseline',
          met: golem.median >= 0.8 * base.median,
        };
      };
      return [row('up', 'scp'), row('down', 'scp'), row('up', 'sftp'), row('down', 'sftp')];
    } finally {
      await sshd.stop();
      rmSync(dir, {recursive: true, force: true});
    }
  },
};
