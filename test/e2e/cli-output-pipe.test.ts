/**
 * The built CLI's output through a pipe (issue 16 §5): a large `--json` document reaches a slow reader whole (the
 * process used to exit with 64 kB still queued), and a reader that goes away early (`| head`) ends golem quietly.
 */
import {spawn} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {openDatabase} from '../../source/adapters/db/database.js';
import {loadConfig} from '../../source/config/settings.js';

const cli = resolve('dist/source/cli.js');
const VM_COUNT = 1000;
let baseDir: string;

beforeAll(() => {
  baseDir = mkdtempSync(join(tmpdir(), 'golem-pipe-'));
  const database = openDatabase(loadConfig({GOLEM_REQUESTOR_BASE_DIR: baseDir}).paths.dbPath);
  database.transact((repositories) => {
    for (let index = 0; index < VM_COUNT; index++) {
      repositories.vms.upsert({name: `vm-${String(index).padStart(4, '0')}`, vmId: `id-${index}`, providerId: `0x${'ab'.repeat(20)}`, providerIp: '127.0.0.1', providerPort: 9, resources: {cpu: 1, memory: 1, storage: 10}, sshHost: '127.0.0.1', sshPort: 20_000 + index, streamId: null, status: 'running'});
    }
  });
  database.close();
});

afterAll(() => rmSync(baseDir, {recursive: true, force: true}));

/** Runs `golem vm list --local --json`; `reader` gets the child's stdout to read as slowly (or briefly) as it likes. */
function listVms(reader: (stdout: NodeJS.ReadableStream) => Promise<string>): Promise<{code: number | null; stdout: string; stderr: string}> {
  const child = spawn(process.execPath, [cli, 'vm', 'list', '--local', '--json'], {env: {...process.env, GOLEM_REQUESTOR_BASE_DIR: baseDir, NO_COLOR: '1'}, stdio: ['ignore', 'pipe', 'pipe']});
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const read = reader(child.stdout);
  return new Promise((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code) => void read.then((stdout) => resolvePromise({code, stdout, stderr}), reject));
  });
}

describe('golem output through a pipe', () => {
  it(`hands a slow reader the whole --json document (${VM_COUNT} VMs, ~540 kB)`, async () => {
    const result = await listVms(async (stdout) => {
      stdout.pause();
      await new Promise((wait) => setTimeout(wait, 500));
      let text = '';
      stdout.setEncoding('utf8');
      for await (const chunk of stdout) text += chunk as string;
      return text;
    });
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as {vms: unknown[]}).vms).toHaveLength(VM_COUNT);
  });

  it('ends quietly (exit 0, nothing on stderr) when the reader stops after the first chunk, like `| head -c 10`', async () => {
    const result = await listVms(
      (stdout) =>
        new Promise((resolveRead) => {
          stdout.once('data', (chunk: Buffer) => {
            (stdout as NodeJS.ReadableStream & {destroy(): void}).destroy();
            resolveRead(chunk.toString('utf8'));
          });
        }),
    );
    expect(result.stdout.startsWith('{')).toBe(true);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
