import {formatEth} from '../lib/format.js';
import type {FaucetProgress} from '../services/types.js';
import {defineCommand, type CommandIo} from './command.js';
import {writeJson, writeLines} from './output.js';
import {withServices} from './with-services.js';

const STEP_TEXT: Record<FaucetProgress['step'], string> = {
  balance: 'Checking the balance',
  challenge: 'Fetching the proof-of-work challenge',
  solve: 'Solving the proof of work',
  redeem: 'Redeeming the solution',
  payout: 'Asking the faucet to pay',
};

const BAR_WIDTH = 24;

/**
 * Faucet progress on stderr: a redrawn one-line bar while solving when stderr is a TTY, else one line per step
 * (no per-pair lines in logs). `finish()` ends the bar's line.
 */
export function faucetProgressReporter(stderr: NodeJS.WriteStream): {onProgress: (progress: FaucetProgress) => void; finish: () => void} {
  const isTty = stderr.isTTY === true;
  let lastStep: FaucetProgress['step'] | null = null;
  let isBarDrawn = false;
  return {
    onProgress(progress) {
      if (progress.step === 'solve' && isTty) {
        const filled = progress.total === 0 ? BAR_WIDTH : Math.floor((progress.solved / progress.total) * BAR_WIDTH);
        stderr.write(`\r\u001B[2K${STEP_TEXT.solve} [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${progress.solved}/${progress.total}`);
        isBarDrawn = true;
        lastStep = 'solve';
        return;
      }
      if (progress.step === lastStep) return;
      if (isBarDrawn) {
        stderr.write('\n');
        isBarDrawn = false;
      }
      lastStep = progress.step;
      const suffix = progress.step === 'solve' ? ` (${progress.total} pairs)` : '';
      stderr.write(`→ ${STEP_TEXT[progress.step]}${suffix}…\n`);
    },
    finish() {
      if (isBarDrawn) stderr.write('\n');
      isBarDrawn = false;
    },
  };
}

/**
 * `golem wallet faucet [--json]` — test ETH from the payments profile's faucet (reference §1.20, §9): skipped when the
 * balance is above 0.01 ETH, else the Cap proof of work is solved in worker threads and the faucet pays. Ctrl+C stops
 * it. `--json`: `{"address", "status": "funded"|"skipped", "tx": "<hash>"|null, "balance_wei"?, "threshold_wei"?}`.
 * Failures are errors (exit 1) naming the step; a profile without a faucet is a `ConfigError`.
 */
export const walletFaucetCommand = defineCommand({
  path: ['wallet', 'faucet'],
  description: 'Get test ETH from the testnet faucet (solves its proof of work).',
  help: `
  Usage
    $ golem wallet faucet [--json]

  Options
    --json  Print one JSON document: address, status (funded or skipped) and the faucet's transaction hash.

  Asks the payments network's faucet (testnets only) for test ETH. Skipped when the balance is already above
  0.01 ETH. Solving the faucet's proof of work uses every CPU core for a few seconds; progress goes to stderr.

  Examples
    $ golem wallet faucet
    $ GOLEM_REQUESTOR_PAYMENTS_NETWORK=l2.holesky golem wallet faucet --json
`,
  flags: {json: {type: 'boolean', default: false}},
  async run(io: CommandIo, {flags}) {
    const reporter = faucetProgressReporter(io.stderr);
    let result;
    try {
      result = await withServices(io, (services) => services.requestFaucet({onProgress: reporter.onProgress, signal: io.signal}));
    } finally {
      reporter.finish();
    }
    if (flags.json) {
      writeJson(
        io,
        result.status === 'funded'
          ? {address: result.address, status: 'funded', tx: result.txHash}
          : {address: result.address, status: 'skipped', tx: null, balance_wei: result.balanceWei, threshold_wei: result.thresholdWei},
      );
    } else if (result.status === 'funded') {
      writeLines(io, [`The faucet sent test ETH to ${result.address}.`, `Transaction: ${result.txHash}`]);
    } else {
      writeLines(io, [
        `Skipped: ${result.address} already holds ${formatEth(result.balanceWei, 8)} (more than ${formatEth(result.thresholdWei)}).`,
      ]);
    }
    return 0;
  },
});
