import type {FaucetSettings} from '../../config/settings.js';
import type {FaucetGateway} from '../../services/wallet/faucet-port.js';
import {createCapClient} from './cap-client.js';
import {createFaucetClient} from './faucet-client.js';
import {solvePairs} from './pow-solver.js';

/** Per-request timeout of the faucet and Cap servers (reference §9: 60 s). */
export const FAUCET_TIMEOUT_MS = 60_000;

/**
 * The `FaucetGateway` for a profile's faucet settings: the Cap client at `captchaUrl/captchaApiKey`, the worker-thread
 * solver, and the payout client at `url`. Nothing is contacted until a method is called.
 *
 * @example
 * const gateway = createFaucetGateway(config.faucet)
 */
export function createFaucetGateway(
  settings: Pick<FaucetSettings, 'url' | 'captchaUrl' | 'captchaApiKey'>,
  {timeoutMs = FAUCET_TIMEOUT_MS, workers}: {timeoutMs?: number; workers?: number} = {},
): FaucetGateway {
  const cap = createCapClient({captchaUrl: settings.captchaUrl, apiKey: settings.captchaApiKey, timeoutMs});
  const faucet = createFaucetClient({faucetUrl: settings.url, timeoutMs});
  return {
    getChallenge: (signal) => cap.getChallenge(signal),
    solve: (challenge, options = {}) => solvePairs(challenge.pairs, {...options, workers}),
    redeem: (challenge, nonces, signal) => cap.redeem(challenge, nonces, signal),
    requestPayout: (parameters, signal) => faucet.requestPayout(parameters, signal),
  };
}
