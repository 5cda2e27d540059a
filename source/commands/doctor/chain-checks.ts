/**
 * `golem doctor`'s chain checks over plain JSON-RPC (fetch, no viem): the RPC answers, serves the profile's chain
 * (case-25), the StreamPayment contract has code there, and the local clock agrees with the chain's.
 */
import type {PaymentsProfile} from '../../config/payments.js';
import {NO_REDIRECT} from '../../lib/no-redirect.js';
import {failed, ok, reasonOf, skipped, warning, type DoctorCheck} from './check.js';

/** Clock skew beyond which stream runways and top-up timing read wrong, in seconds. */
export const MAX_CLOCK_SKEW_SECONDS = 60;

async function rpc(url: string, method: string, params: unknown[], timeoutMs: number): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {'content-type': 'application/json'},
    body: JSON.stringify({jsonrpc: '2.0', id: 1, method, params}),
    signal: AbortSignal.timeout(timeoutMs),
    ...NO_REDIRECT,
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const body = (await response.json()) as {result?: unknown; error?: {message?: string}};
  if (body.error) throw new Error(body.error.message ?? 'JSON-RPC error');
  return body.result;
}

/**
 * The RPC, chain id, contract code and clock checks for `profile` (first RPC URL when several are given). Later
 * checks are `skipped` when the RPC does not answer. Never throws.
 */
export async function chainChecks(profile: PaymentsProfile, {timeoutMs = 5000, now = Date.now}: {timeoutMs?: number; now?: () => number} = {}): Promise<DoctorCheck[]> {
  const url = profile.rpcUrl.split(',')[0]!.trim();
  const fixRpc = 'Check GOLEM_REQUESTOR_L2_RPC_URL (or …_POLYGON_RPC_URL) and your connection; on the devnet, `golem devnet status`.';
  let chainId: number;
  try {
    chainId = Number(BigInt(String(await rpc(url, 'eth_chainId', [], timeoutMs))));
  } catch (error) {
    return [
      failed('RPC', `${url} does not answer: ${reasonOf(error)}`, fixRpc),
      skipped('Chain', 'needs the RPC'),
      skipped('Contract', 'needs the RPC'),
      skipped('Clock', 'needs the RPC'),
    ];
  }
  const checks = [ok('RPC', `${url} answers`)];
  checks.push(
    chainId === profile.chainId
      ? ok('Chain', `chain id ${chainId}, as the payments network expects`)
      : failed('Chain', `the RPC serves chain ${chainId}, the payments network is chain ${profile.chainId}; golem will not sign there`, 'Point the RPC setting at an endpoint of the right chain, or pick the matching GOLEM_REQUESTOR_PAYMENTS_NETWORK.'),
  );
  try {
    const code = String(await rpc(url, 'eth_getCode', [profile.streamPaymentAddress, 'latest'], timeoutMs));
    checks.push(
      code !== '0x' && code !== '0x0'
        ? ok('Contract', `StreamPayment at ${profile.streamPaymentAddress} has code (${(code.length - 2) / 2} bytes)`)
        : failed('Contract', `no contract at ${profile.streamPaymentAddress} on chain ${chainId}`, 'Check GOLEM_REQUESTOR_STREAM_PAYMENT_ADDRESS, or restart the devnet (`golem devnet up`) if it was reset.'),
    );
  } catch (error) {
    checks.push(failed('Contract', `eth_getCode failed: ${reasonOf(error)}`, fixRpc));
  }
  try {
    // The pending block carries the node's current time (anvil mines only on demand; its latest block may be old).
    const block = ((await rpc(url, 'eth_getBlockByNumber', ['pending', false], timeoutMs)) ?? (await rpc(url, 'eth_getBlockByNumber', ['latest', false], timeoutMs))) as {timestamp?: string} | null;
    const chainSeconds = Number(BigInt(block?.timestamp ?? '0x0'));
    const skew = Math.round(now() / 1000 - chainSeconds);
    checks.push(
      Math.abs(skew) <= MAX_CLOCK_SKEW_SECONDS
        ? ok('Clock', `local clock within ${Math.abs(skew)} s of the chain`)
        : warning('Clock', `local clock is ${Math.abs(skew)} s ${skew > 0 ? 'ahead of' : 'behind'} the chain (more than ${MAX_CLOCK_SKEW_SECONDS} s)`, 'Sync the clock (timedatectl set-ntp true, or your OS time settings); runways and ages read wrong until then.'),
    );
  } catch (error) {
    checks.push(warning('Clock', `could not read the chain's time: ${reasonOf(error)}`, fixRpc));
  }
  return checks;
}
