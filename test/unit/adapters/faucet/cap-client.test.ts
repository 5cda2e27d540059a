import {createServer, type Server} from 'node:http';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createCapClient} from '../../../../source/adapters/faucet/cap-client.js';
import {createFaucetClient} from '../../../../source/adapters/faucet/faucet-client.js';
import {FaucetError} from '../../../../source/errors.js';

/** A loopback server answering every request with `reply` (status, body text) and recording what it got. */
let reply: {status: number; body: string} = {status: 200, body: '{}'};
const received: {url: string; body: string}[] = [];
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({url: request.url ?? '', body});
      response.writeHead(reply.status, {'content-type': 'application/json'}).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  url = `http://127.0.0.1:${address.port}/`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const cap = () => createCapClient({captchaUrl: url, apiKey: 'site key', timeoutMs: 2000});
const answer = (status: number, body: unknown) => {
  reply = {status, body: typeof body === 'string' ? body : JSON.stringify(body)};
};

describe('Cap client', () => {
  it('posts to <captcha>/<key>/api/challenge and normalises a list challenge', async () => {
    answer(200, {challenge: [['aa', '0f'], ['bb', '1']], token: 't1', expires: 123});
    expect(await cap().getChallenge()).toEqual({token: 't1', format: 'list', pairs: [['aa', '0f'], ['bb', '1']], expiresAtMs: 123});
    expect(received.at(-1)?.url).toBe('/site%20key/api/challenge');
  });

  it('redeems a list challenge with [salt, target, nonce] triples and a seeded one with bare nonces', async () => {
    answer(200, {success: true, token: 'id:secret'});
    expect(await cap().redeem({token: 't1', format: 'list', pairs: [['aa', '0f']], expiresAtMs: null}, [7])).toBe('id:secret');
    expect(JSON.parse(received.at(-1)!.body)).toEqual({token: 't1', solutions: [['aa', '0f', 7]]});
    await cap().redeem({token: 't2', format: 'seeded', pairs: [['aa', '0f'], ['bb', '1']], expiresAtMs: null}, [7, 9]);
    expect(JSON.parse(received.at(-1)!.body)).toEqual({token: 't2', solutions: [7, 9]});
  });

  it.each([
    [{challenge: 'nope', token: 't'}, /unexpected challenge/],
    [{challenge: [['aa', 'ZZ']], token: 't'}, /target 'ZZ' is not lower-case hex/],
    [{challenge: {c: 1, s: 8, d: 40}, token: 't'}, /unexpected challenge/],
    ['<html>bad gateway</html>', /unexpected challenge/],
  ])('refuses a junk challenge %j', async (body, message) => {
    answer(200, body);
    await expect(cap().getChallenge()).rejects.toThrow(message);
  });

  it('names the step and the server words (control characters stripped) in its error', async () => {
    answer(403, {success: false, message: 'Challenge expired\u001B[31m'});
    const error = await cap()
      .redeem({token: 't', format: 'list', pairs: [['aa', '0f']], expiresAtMs: null}, [1])
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FaucetError);
    expect(error).toMatchInlineSnapshot(`
      [FaucetError: Faucet redeem failed: the CAPTCHA server refused the solutions: Challenge expired.
      Hint: The challenge may have expired; run \`golem wallet faucet\` again.]
    `);
  });
});

describe('faucet client', () => {
  const faucet = () => createFaucetClient({faucetUrl: url, timeoutMs: 2000});
  const address = '0x7e5f4552091a69125d5dfcb7b8c2659029395bdf' as const;
  const hash = `0x${'ab'.repeat(32)}`;

  it.each(['txHash', 'tx', 'hash'])('reads the hash from %s and sends the checksummed address', async (field) => {
    answer(200, {[field]: hash});
    expect(await faucet().requestPayout({address, captchaToken: 'id:secret'})).toBe(hash);
    expect(received.at(-1)?.url).toBe('/api/faucet');
    expect(JSON.parse(received.at(-1)!.body)).toEqual({address: '0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf', captchaToken: 'id:secret'});
  });

  it('fails the payout step without a hash or on an HTTP error', async () => {
    answer(200, {ok: true});
    await expect(faucet().requestPayout({address, captchaToken: 'x'})).rejects.toThrow(/Faucet payout failed: the faucet answered without a transaction hash/);
    answer(502, 'upstream down');
    await expect(faucet().requestPayout({address, captchaToken: 'x'})).rejects.toThrow(/Faucet payout failed: HTTP 502: upstream down/);
  });
});
