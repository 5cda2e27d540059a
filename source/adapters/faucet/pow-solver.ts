/**
 * Solves Cap proof-of-work pairs in worker threads (reference §9 step 4, which solved them one by one on the main
 * thread): one worker per available core, each taking the next unsolved pair until none is left, so a slow pair
 * does not hold the others up. The worker is an `eval` string, so it runs the same from `dist/` and under vitest.
 */
import {availableParallelism} from 'node:os';
import {Worker} from 'node:worker_threads';
import {CancelledError, FaucetError} from '../../errors.js';
import type {CapPair, SolveOptions} from '../../services/wallet/faucet-port.js';

/**
 * The worker: for each `{index, salt, target}` message, the smallest nonce ≥ 0 such that the hex SHA-256 of the
 * UTF-8 string `salt + decimal(nonce)` starts with `target` (Cap compares hex prefixes, so odd-length targets work).
 */
const WORKER_SOURCE = `
const {parentPort} = require('node:worker_threads');
const {createHash} = require('node:crypto');
parentPort.on('message', ({index, salt, target}) => {
  let nonce = 0;
  while (!createHash('sha256').update(salt + nonce).digest('hex').startsWith(target)) nonce++;
  parentPort.postMessage({index, nonce});
});
`;

/** Options of `solvePairs`: worker count (default: available cores, at most one per pair), progress, abort. */
export type SolvePairsOptions = SolveOptions & {readonly workers?: number | undefined};

/**
 * Returns the nonce of every pair, in pair order. Progress is reported after each solved pair; aborting `signal`
 * stops every worker at once and throws `CancelledError` (interrupt). A worker that crashes fails the solve with a
 * `FaucetError` (step solve). Targets must be hex (checked by the Cap client).
 *
 * @example
 * const nonces = await solvePairs([['a3f1…', '00a']], {onProgress: (solved, total) => draw(solved / total)})
 */
export async function solvePairs(pairs: readonly CapPair[], {signal, onProgress, workers}: SolvePairsOptions = {}): Promise<number[]> {
  if (signal?.aborted) throw new CancelledError({isInterrupt: true});
  const total = pairs.length;
  if (total === 0) return [];
  const count = Math.max(1, Math.min(workers ?? availableParallelism(), total));
  const nonces: number[] = new Array<number>(total);
  const pool: Worker[] = [];
  let next = 0;
  let solved = 0;

  try {
    await new Promise<void>((resolve, reject) => {
      let isSettled = false;
      const settle = (error?: Error) => {
        if (isSettled) return;
        isSettled = true;
        signal?.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve();
      };
      const onAbort = () => settle(new CancelledError({isInterrupt: true}));
      signal?.addEventListener('abort', onAbort, {once: true});

      const feed = (worker: Worker) => {
        if (next >= total) return;
        const index = next++;
        const [salt, target] = pairs[index]!;
        worker.postMessage({index, salt, target});
      };
      for (let n = 0; n < count; n++) {
        const worker = new Worker(WORKER_SOURCE, {eval: true});
        pool.push(worker);
        worker.on('message', ({index, nonce}: {index: number; nonce: number}) => {
          if (isSettled) return;
          nonces[index] = nonce;
          solved++;
          onProgress?.(solved, total);
          if (solved === total) settle();
          else feed(worker);
        });
        worker.on('error', (error) => settle(new FaucetError({step: 'solve', reason: 'a proof-of-work worker crashed.', cause: error})));
        worker.on('exit', (code) => {
          if (!isSettled) settle(new FaucetError({step: 'solve', reason: `a proof-of-work worker exited with code ${code}.`}));
        });
        feed(worker);
      }
    });
  } finally {
    await Promise.all(pool.map((worker) => worker.terminate()));
  }
  return nonces;
}
