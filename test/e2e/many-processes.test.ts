/**
 * case-27 with real processes on a real devnet (built CLI, `dist/`): a dashboard-like poller (one long-lived
 * process refreshing VM status from the providers every 2 s: a read-then-write on the VM rows) runs for 60 s next to
 * four CLI loops — `vm list`, `vm stream list`, and two create/destroy loops on two providers. No process may fail
 * (no SQLITE_BUSY, no lost lock), and no row may be lost or duplicated: every created stream is recorded exactly
 * once, every destroyed VM is gone, and nothing is left unfinished. Issue 6 item 3.
 */
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {pathToFileURL} from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

const cli = resolve('dist/source/cli.js');
const baseDir = mkdtempSync(join(tmpdir(), 'golem-many-'));
const env = {GOLEM_REQUESTOR_BASE_DIR: baseDir, GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'devnet', NO_COLOR: '1'};
const size = ['--cpu', '1', '--memory', '1', '--storage', '10'];
const DURATION_MS = 60_000;

function golem(args: string[]) {
  return execa(process.execPath, [cli, ...args], {env, reject: false, timeout: 120_000, stdin: 'ignore'});
}

/** The poller: what the dashboard's VM screen does, in one process, every 2 s until `DURATION_MS`. */
const pollerScript = `
const {loadConfig} = await import(${JSON.stringify(pathToFileURL(resolve('dist/source/config/settings.js')).href)});
const {createLazyServices} = await import(${JSON.stringify(pathToFileURL(resolve('dist/source/services/lazy-create-services.js')).href)});
const services = createLazyServices(loadConfig(process.env));
const end = Date.now() + ${DURATION_MS};
let passes = 0;
while (Date.now() < end) {
  await services.refreshVms();
  passes += 1;
  await new Promise((resolve) => setTimeout(resolve, 2000));
}
services.close();
process.stdout.write(JSON.stringify({passes}));
`;

type Failure = {args: string; exitCode: number | undefined; stderr: string};

beforeAll(async () => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first (npm test does).`);
  const up = await golem(['devnet', 'up', '--detach']);
  expect(up.exitCode, up.stderr + up.stdout).toBe(0);
}, 120_000);

afterAll(async () => {
  await golem(['devnet', 'down']);
  rmSync(baseDir, {recursive: true, force: true});
}, 60_000);

describe('case-27: a poller and four CLI processes for 60 s', () => {
  it('no process fails, no row is lost or duplicated', async () => {
    const listed = await golem(['vm', 'providers', ...size, '--json']);
    const providers = (JSON.parse(listed.stdout) as {providers: {provider_id: string}[]}).providers.map((provider) => provider.provider_id);
    expect(providers.length).toBeGreaterThanOrEqual(2);

    const failures: Failure[] = [];
    const counts = {list: 0, streamList: 0, created: 0, destroyed: 0};
    const createdStreams: string[] = [];
    const end = Date.now() + DURATION_MS;
    const run = async (args: string[]) => {
      const result = await golem(args);
      if (result.exitCode !== 0) failures.push({args: args.join(' '), exitCode: result.exitCode, stderr: result.stderr});
      return result;
    };
    const loop = async (step: () => Promise<void>) => {
      while (Date.now() < end) await step();
    };
    const createDestroy = (loopName: string, providerId: string) => {
      let index = 0;
      return loop(async () => {
        const name = `${loopName}-${++index}`;
        const created = await run(['vm', 'create', name, '--provider-id', providerId, ...size, '--hours', '1', '--yes', '--json']);
        if (created.exitCode !== 0) return;
        counts.created += 1;
        createdStreams.push((JSON.parse(created.stdout) as {stream_id: string}).stream_id);
        const destroyed = await run(['vm', 'destroy', name, '--yes', '--json']);
        if (destroyed.exitCode === 0) counts.destroyed += 1;
      });
    };

    const poller = execa(process.execPath, ['--input-type=module', '-e', pollerScript], {env, reject: false, timeout: DURATION_MS + 60_000});
    await Promise.all([
      loop(async () => {
        if ((await run(['vm', 'list', '--json'])).exitCode === 0) counts.list += 1;
      }),
      loop(async () => {
        if ((await run(['vm', 'stream', 'list', '--json'])).exitCode === 0) counts.streamList += 1;
      }),
      createDestroy('loop-a', providers[0]!),
      createDestroy('loop-b', providers[1]!),
    ]);
    const polled = await poller;

    expect(failures).toEqual([]);
    expect(polled.exitCode, polled.stderr).toBe(0);
    const {passes} = JSON.parse(polled.stdout) as {passes: number};
    expect(passes).toBeGreaterThanOrEqual(10);
    expect(counts.created).toBeGreaterThanOrEqual(2);
    expect(counts.destroyed).toBe(counts.created);

    // Every stream created is recorded exactly once and ended; no VM row is left; no intent is left open.
    const {streams} = JSON.parse((await run(['vm', 'stream', 'list', '--json'])).stdout) as {streams: {stream_id: string; status: string}[]};
    const ids = streams.map((stream) => stream.stream_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...createdStreams].sort());
    expect(streams.every((stream) => stream.status === 'terminated')).toBe(true);
    const database = new BetterSqlite3(join(baseDir, 'vms.db'), {readonly: true, fileMustExist: true});
    try {
      expect(database.prepare('SELECT COUNT(*) AS n FROM vm').get()).toEqual({n: 0});
      expect(database.prepare(`SELECT COUNT(*) AS n FROM operation WHERE status NOT IN ('done', 'failed')`).get()).toEqual({n: 0});
      expect(database.prepare(`SELECT COUNT(*) AS n FROM operation WHERE kind = 'create-vm' AND status = 'done'`).get()).toEqual({n: counts.created});
    } finally {
      database.close();
    }
    process.stdout.write(`many-processes summary: ${JSON.stringify({...counts, pollerPasses: passes, failures: failures.length})}\n`);
  }, 200_000);
});
