/**
 * The test Golem Base node (golem-base-server.ts) in its own process, like a real remote node: its CPU work does
 * not compete with the client measured in the same run (bench/golem-base-discovery.bench.ts). Run directly, it
 * serves `<adverts>` generated provider adverts with `<delayMs>` added per request and prints `{"url": …}`.
 */
import {spawn} from 'node:child_process';
import {createInterface} from 'node:readline';
import {fileURLToPath} from 'node:url';
import {providerEntity, startGolemBaseServer, type GolemBaseServer} from './golem-base-server.js';

/** A node in a child process: its URL, its counters over HTTP, and a way to stop it. */
export type GolemBaseServerProcess = {
  readonly url: string;
  stats(): Promise<GolemBaseServer['stats']>;
  resetStats(): Promise<void>;
  close(): Promise<void>;
};

const self = fileURLToPath(import.meta.url);
const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Starts the node in a child `node --import tsx` process (from the project root) and waits for its URL. */
export async function spawnGolemBaseServer({adverts, delayMs}: {adverts: number; delayMs: number}): Promise<GolemBaseServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', self, String(adverts), String(delayMs)], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({input: child.stdout});
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the Golem Base test node exited with code ${code} before listening`)));
    lines.once('line', (line) => resolve((JSON.parse(line) as {url: string}).url));
  });
  return {
    url,
    stats: async () => (await (await fetch(`${url}control/stats`)).json()) as GolemBaseServer['stats'],
    resetStats: async () => void (await fetch(`${url}control/reset-stats`, {method: 'POST'})).body?.cancel(),
    close: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

if (process.argv[1] === self) {
  const [adverts = '500', delayMs = '0'] = process.argv.slice(2);
  const server = await startGolemBaseServer({entities: Array.from({length: Number(adverts)}, (_, index) => providerEntity({index}))});
  server.delayMs = Number(delayMs);
  process.stdout.write(`${JSON.stringify({url: server.url})}\n`);
  process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
}
