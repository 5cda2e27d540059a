/** The faucet's progress and outcome on the Wallet screen: step, a proof-of-work bar (solved/total), result. */
import {Text} from 'ink';
import type {FaucetProgress} from '../../services/types.js';
import type {FaucetState} from '../hooks/use-faucet.js';
import {meter} from '../meter.js';
import {theme} from '../theme.js';
import {ErrorBanner} from './error-banner.js';
import {formatEthAmount, shortHex} from '../format-cells.js';

const STEP_TEXT: Record<Exclude<FaucetProgress['step'], 'solve'>, string> = {
  balance: 'Checking the balance',
  challenge: 'Asking for a proof-of-work challenge',
  redeem: 'Redeeming the solution',
  payout: 'Asking the faucet to pay out',
};

/** One line of progress: `Solving the proof of work [████░░░░░░] 2/4`. */
export function faucetProgressText(progress: FaucetProgress | null): string {
  if (progress === null) return 'Starting…';
  if (progress.step === 'solve') {
    return `Solving the proof of work [${meter(progress.solved, progress.total, 20)}] ${progress.solved}/${progress.total}`;
  }
  return `${STEP_TEXT[progress.step]}…`;
}

/** Props of `FaucetStatus`. */
export type FaucetStatusProps = {readonly state: FaucetState};

/** Nothing while idle; progress while running; the result or the error after. */
export function FaucetStatus({state}: FaucetStatusProps) {
  switch (state.status) {
    case 'idle':
      return null;
    case 'running':
      return <Text color={theme.status.info}>{faucetProgressText(state.progress)}</Text>;
    case 'failed':
      return <ErrorBanner error={state.error} prefix="Faucet" />;
    case 'done': {
      const {result} = state;
      return result.status === 'funded' ? (
        <Text color={theme.status.success}>{`✔ The faucet paid ${shortHex(result.address)} (tx ${shortHex(result.txHash)}).`}</Text>
      ) : (
        <Text color={theme.status.info}>
          {`ℹ Nothing requested: the balance ${formatEthAmount(result.balanceWei)} is above the faucet's threshold of ${formatEthAmount(result.thresholdWei)}.`}
        </Text>
      );
    }
  }
}
