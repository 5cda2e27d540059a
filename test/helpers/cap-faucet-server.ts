/**
 * A real local Cap CAPTCHA server and testnet faucet on 127.0.0.1, built from the documented formats (reference §9;
 * Cap's list and seeded challenges): `POST /<key>/api/challenge`, `POST /<key>/api/redeem` (verifies every
 * solution with SHA-256, single-use tokens, expiry), and `POST /api/faucet` (checks the redeemed token once, then
 * sends real ETH on anvil from a funded account and answers the transaction hash). Steps can be made to fail.
 */
import {createHash, randomBytes} from 'node:crypto';
import Fastify from 'fastify';
import {createWalletClient, defineChain, http, isAddress, type Address, type Hex} from 'viem';
import {privateKeyToAccount} from 'viem/accounts';
import {capPrng} from '../../source/adapters/faucet/cap-prng.js';

/** How the server behaves. */
export type CapFaucetServerOptions = {
  readonly rpcUrl: string;
  readonly chainId: number;
  /** A funded anvil account that pays out. */
  readonly funderKey: Hex;
  readonly payoutWei: bigint;
  readonly apiKey?: string;
  readonly format?: 'list' | 'seeded';
  readonly pairs?: number;
  readonly saltLength?: number;
  readonly targetLength?: number;
  /** Which field the faucet's answer carries the hash in. */
  readonly hashField?: 'txHash' | 'tx' | 'hash';
};

/** A running server: its base URL (captcha and faucet), counters, knobs to break steps, `close()`. */
export type CapFaucetServer = {
  url: string;
  readonly apiKey: string;
  readonly requests: {challenge: number; redeem: number; faucet: number};
  /** Set to make a step answer an error: challenge → 500, redeem → `{success: false}`, payout → 429. */
  failStep: 'challenge' | 'redeem' | 'payout' | null;
  format: 'list' | 'seeded';
  /** Delay of every answer in ms (to test aborts and timeouts). */
  delayMs: number;
  close(): Promise<void>;
};

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');
const randomHex = (length: number) => randomBytes(Math.ceil(length / 2)).toString('hex').slice(0, length);

/** Starts the server on a free loopback port. */
export async function startCapFaucetServer(options: CapFaucetServerOptions): Promise<CapFaucetServer> {
  const apiKey = options.apiKey ?? 'testkey';
  const count = options.pairs ?? 8;
  const saltLength = options.saltLength ?? 32;
  const targetLength = options.targetLength ?? 3;
  const challenges = new Map<string, {pairs: [string, string][]; format: 'list' | 'seeded'; expires: number}>();
  const redeemed = new Set<string>();
  const chain = defineChain({
    id: options.chainId,
    name: 'anvil',
    nativeCurrency: {name: 'Ether', symbol: 'ETH', decimals: 18},
    rpcUrls: {default: {http: [options.rpcUrl]}},
  });
  const wallet = createWalletClient({account: privateKeyToAccount(options.funderKey), chain, transport: http(options.rpcUrl)});

  // fetch keeps connections alive; close them with the server so close() does not wait for keep-alive timeouts.
  const app = Fastify({forceCloseConnections: true});
  const state: CapFaucetServer = {
    url: '',
    apiKey,
    requests: {challenge: 0, redeem: 0, faucet: 0},
    failStep: null,
    format: options.format ?? 'list',
    delayMs: 0,
    close: () => app.close(),
  };
  const pause = () => new Promise((resolve) => setTimeout(resolve, state.delayMs));

  app.post<{Params: {key: string}}>('/:key/api/challenge', async (request, reply) => {
    state.requests.challenge++;
    await pause();
    if (request.params.key !== apiKey) return reply.code(404).send({error: 'Unknown site key'});
    if (state.failStep === 'challenge') return reply.code(500).send({error: 'challenge store unavailable'});
    const token = randomHex(50);
    const expires = Date.now() + 600_000;
    if (state.format === 'seeded') {
      const pairs = Array.from({length: count}, (_, index): [string, string] => [
        capPrng(`${token}${index + 1}`, saltLength),
        capPrng(`${token}${index + 1}d`, targetLength),
      ]);
      challenges.set(token, {pairs, format: 'seeded', expires});
      return {challenge: {c: count, s: saltLength, d: targetLength}, token, expires};
    }
    const pairs = Array.from({length: count}, (): [string, string] => [randomHex(saltLength), randomHex(targetLength)]);
    challenges.set(token, {pairs, format: 'list', expires});
    return {challenge: pairs, token, expires};
  });

  app.post<{Params: {key: string}; Body: {token?: unknown; solutions?: unknown}}>('/:key/api/redeem', async (request, reply) => {
    state.requests.redeem++;
    await pause();
    const {token, solutions} = request.body ?? {};
    if (typeof token !== 'string' || !Array.isArray(solutions)) return reply.code(400).send({success: false, message: 'Invalid body'});
    const challenge = challenges.get(token);
    if (!challenge) return reply.code(404).send({success: false, message: 'Challenge not found'});
    challenges.delete(token);
    if (challenge.expires < Date.now()) return reply.code(403).send({success: false, message: 'Challenge expired'});
    if (state.failStep === 'redeem') return reply.code(403).send({success: false, message: 'Invalid solution'});
    const isValid =
      solutions.length === challenge.pairs.length &&
      challenge.pairs.every(([salt, target], index) => {
        const solution: unknown = solutions[index];
        if (challenge.format === 'seeded') return typeof solution === 'number' && sha256Hex(salt + solution).startsWith(target);
        if (!Array.isArray(solution) || solution[0] !== salt || solution[1] !== target) return false;
        return typeof solution[2] === 'number' && sha256Hex(salt + solution[2]).startsWith(target);
      });
    if (!isValid) return reply.code(403).send({success: false, message: 'Invalid solution'});
    const redeemedToken = `${randomHex(16)}:${randomHex(30)}`;
    redeemed.add(redeemedToken);
    return {success: true, token: redeemedToken, expires: Date.now() + 1_200_000};
  });

  app.post<{Body: {address?: unknown; captchaToken?: unknown}}>('/api/faucet', async (request, reply) => {
    state.requests.faucet++;
    await pause();
    const {address, captchaToken} = request.body ?? {};
    if (typeof address !== 'string' || !isAddress(address, {strict: true})) return reply.code(400).send({error: 'invalid address'});
    if (typeof captchaToken !== 'string' || !redeemed.delete(captchaToken)) return reply.code(403).send({error: 'invalid captcha token'});
    if (state.failStep === 'payout') return reply.code(429).send({error: 'rate limited, try again in 24h'});
    const hash = await wallet.sendTransaction({to: address as Address, value: options.payoutWei});
    return {[options.hashField ?? 'txHash']: hash};
  });

  await app.listen({host: '127.0.0.1', port: 0});
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('the cap/faucet server has no address');
  state.url = `http://127.0.0.1:${address.port}`;
  return state;
}
