/**
 * SSH (issue 7 §3): golem's ssh2 client (source/adapters/ssh, in this process) against the OpenSSH client (`ssh`,
 * a child process), both against the same real OpenSSH sshd on 127.0.0.1:
 * - connect to first output: from the call (or spawn) to the first byte of `echo ready` — target: golem no slower;
 * - throughput: 50 MiB of random bytes through remote `cat` into a local sink — target: ≥ 0.8× OpenSSH.
 * Runs alternate between the two clients so machine load affects both alike.
 */
import {spawn} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {Writable} from 'node:stream';
import {createSshClient} from '../source/adapters/ssh/ssh-client.js';
import {createSshKeyStore} from '../source/adapters/ssh/key-store.js';
import type {SshTarget} from '../source/services/ports.js';
import {sample, type Benchmark, type BenchRow} from './lib/benchmark.js';
import {tempDir} from './lib/process.js';
import {startSshd} from './lib/sshd.js';

const CONNECT_RUNS = 10;
const THROUGHPUT_RUNS = 5;
const BLOB_BYTES = 50 * 1024 * 1024;
const MIB = 1024 * 1024;

/** A sink that counts bytes and notes when the first one came. */
function countingSink(): Writable & {bytes: number; firstAt: number | null} {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      sink.bytes += chunk.length;
      sink.firstAt ??= performance.now();
      callback();
    },
  }) as Writable & {bytes: number; firstAt: number | null};
  sink.bytes = 0;
  sink.firstAt = null;
  return sink;
}

/** Runs `ssh … command`; resolves with ms to the first stdout byte, total ms and the bytes read. */
function openSsh(args: readonly string[], command: string): Promise<{firstMs: number; totalMs: number; bytes: number}> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn('ssh', [...args, command], {stdio: ['ignore', 'pipe', 'pipe']});
    let firstAt: number | null = null;
    let bytes = 0;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      firstAt ??= performance.now();
      bytes += chunk.length;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`ssh exited ${code}: ${stderr.trim()}`));
      const end = performance.now();
      resolve({firstMs: (firstAt ?? end) - start, totalMs: end - start, bytes});
    });
  });
}

/** SSH rows: connect to first output (ms) and 50 MiB `cat` throughput (MiB/s), golem vs OpenSSH. */
export const benchmark: Benchmark = {
  name: 'ssh',
  async run(): Promise<BenchRow[]> {
    const dir = tempDir('ssh');
    const sshd = await startSshd(dir);
    try {
      const blobPath = join(dir, 'blob.bin');
      writeFileSync(blobPath, randomBytes(BLOB_BYTES));
      const key = await createSshKeyStore({sshKeyDir: join(dir, 'golem-keys'), sshKeyPath: sshd.clientKeyPath}).resolveKeyPair();
      const target: SshTarget = {host: '127.0.0.1', port: sshd.port, username: sshd.username, key, hostKeyAlias: 'golem.bench.00000001'};
      const client = createSshClient({knownHostsPath: join(dir, 'golem_known_hosts'), connectTimeoutMs: 30_000});
      const sshArgs = [
        '-q', '-T', '-i', sshd.clientKeyPath, '-p', String(sshd.port),
        '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=accept-new', '-o', `UserKnownHostsFile=${join(dir, 'openssh_known_hosts')}`,
        '-o', 'IdentitiesOnly=yes', '-F', '/dev/null',
        `${sshd.username}@127.0.0.1`,
      ];

      const golemExec = async (command: string) => {
        const stdout = countingSink();
        const stderr = countingSink();
        const start = performance.now();
        const {exitCode} = await client.exec(target, command, {stdout, stderr});
        const end = performance.now();
        if (exitCode !== 0) throw new Error(`golem's ssh client: ${command} exited ${exitCode}`);
        return {firstMs: (stdout.firstAt ?? end) - start, totalMs: end - start, bytes: stdout.bytes};
      };

      // Warm-up: records both clients' known_hosts entries and warms the page cache for the blob.
      await golemExec('echo ready');
      await openSsh(sshArgs, 'echo ready');
      await golemExec(`cat ${blobPath}`);

      const connect = {golem: [] as number[], openSsh: [] as number[]};
      for (let run = 0; run < CONNECT_RUNS; run++) {
        connect.golem.push((await golemExec('echo ready')).firstMs);
        connect.openSsh.push((await openSsh(sshArgs, 'echo ready')).firstMs);
      }
      const throughput = {golem: [] as number[], openSsh: [] as number[]};
      for (let run = 0; run < THROUGHPUT_RUNS; run++) {
        for (const [who, measure] of [
          ['golem', () => golemExec(`cat ${blobPath}`)],
          ['openSsh', () => openSsh(sshArgs, `cat ${blobPath}`)],
        ] as const) {
          const {totalMs, bytes} = await measure();
          if (bytes !== BLOB_BYTES) throw new Error(`${who}: cat returned ${bytes} bytes, expected ${BLOB_BYTES}`);
          throughput[who].push(bytes / MIB / (totalMs / 1000));
        }
      }

      const connectGolem = sample(connect.golem);
      const connectOpenSsh = sample(connect.openSsh);
      const rateGolem = sample(throughput.golem);
      const rateOpenSsh = sample(throughput.openSsh);
      return [
        {
          name: 'ssh: connect to first output (echo)',
          unit: 'ms',
          golem: connectGolem,
          baseline: {...connectOpenSsh, label: 'OpenSSH ssh'},
          target: '≤ 1× baseline',
          met: connectGolem.median <= connectOpenSsh.median,
        },
        {
          name: 'ssh: 50 MiB through remote cat',
          unit: 'MiB/s',
          golem: rateGolem,
          baseline: {...rateOpenSsh, label: 'OpenSSH ssh'},
          target: '≥ 0.8× baseline',
          met: rateGolem.median >= 0.8 * rateOpenSsh.median,
        },
      ];
    } finally {
      await sshd.stop();
      rmSync(dir, {recursive: true, force: true});
    }
  },
};
