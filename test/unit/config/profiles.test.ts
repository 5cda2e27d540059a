import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {ConfigError} from '../../../source/errors.js';
import {deploymentBasename, findProfile, knownProfileNames, NETWORK_PROFILES} from '../../../source/config/profiles.js';
import {loadConfig, requirePayments} from '../../../source/config/settings.js';

const base = () => mkdtempSync(join(tmpdir(), 'golem-profiles-'));
const load = (paymentsNetwork: string, env: NodeJS.ProcessEnv = {}) =>
  loadConfig({GOLEM_REQUESTOR_BASE_DIR: base(), GOLEM_REQUESTOR_PAYMENTS_NETWORK: paymentsNetwork, ...env});
const CONTRACT = '0x5FbDB2315678afecb367f032d93F642f64180aa3';

describe('payments network profiles (reference §2.3)', () => {
  it('l2.holesky: chain 393530, its RPC, faucet, explorer and shipped deployment', () => {
    const config = load('l2.holesky');
    expect(requirePayments(config)).toEqual({
      name: 'l2.holesky',
      chainId: 393_530,
      rpcUrl: 'https://l2.holesky.golemdb.io/rpc',
      streamPaymentAddress: '0x0281B792b5491E3548c8Fc17C24A2e0Cb99FbeC2',
      glmTokenAddress: '0x0000000000000000000000000000000000000000',
      ethUsdPriceFixed18: null,
      glmUsdPriceFixed18: null,
      discoveryUrl: null,
      explorerUrl: 'https://explorer.l2.holesky.golemdb.io',
      rpcBatchSize: 20,
    });
    expect(config.networkProfile.wsUrl).toBe('wss://l2.holesky.golemdb.io/rpc/ws');
    expect(config.faucet).toEqual({
      url: 'https://l2.holesky.golemdb.io/faucet',
      captchaUrl: 'https://cap.gobas.me',
      captchaApiKey: '05381a2cef5e',
      thresholdWei: 10n ** 16n,
    });
    const sources = Object.fromEntries(config.effectiveSettings.map((entry) => [entry.key, entry.source]));
    expect(sources).toMatchObject({rpcUrl: 'profile', chainId: 'profile', streamPaymentAddress: 'profile', faucetUrl: 'profile'});
  });

  it('kaolin.holesky: its own chain and URLs, payments refused until a deployment is named', () => {
    const config = load('kaolin.holesky');
    expect(config.networkProfile).toMatchObject({chainId: 60_138_453_025, rpcUrl: 'https://kaolin.holesky.golemdb.io/rpc'});
    expect(config.faucet?.url).toBe('https://kaolin.holesky.golemdb.io/faucet');
    expect(config.payments).toBeInstanceOf(ConfigError);
    const error = config.payments as ConfigError;
    expect(error.shortMessage).toMatch(/^Payments are unavailable on 'kaolin.holesky': No StreamPayment deployment 'kaolin.json'/);
    expect(error.hint).toBe('Set GOLEM_REQUESTOR_STREAM_PAYMENT_ADDRESS, or GOLEM_DEPLOYMENTS_DIR to a folder holding kaolin.json.');
    expect(config.effectiveSettings.find((entry) => entry.key === 'rpcUrl')).toMatchObject({
      value: 'https://kaolin.holesky.golemdb.io/rpc',
      source: 'profile',
    });

    const named = requirePayments(load('kaolin.holesky', {GOLEM_REQUESTOR_STREAM_PAYMENT_ADDRESS: CONTRACT.toLowerCase()}));
    expect(named).toMatchObject({chainId: 60_138_453_025, streamPaymentAddress: CONTRACT, explorerUrl: 'https://explorer.kaolin.holesky.golemdb.io'});
  });

  it('mainnet: refuses payments (never the zero address) and has no faucet', () => {
    const config = load('mainnet', {GOLEM_REQUESTOR_L2_FAUCET_URL: 'http://127.0.0.1:1/faucet'});
    expect(() => requirePayments(config)).toThrow(/Payments are unavailable on 'mainnet': No StreamPayment deployment 'mainnet.json'/);
    expect(config.faucet).toBeNull();
    // Even with a contract, mainnet has no RPC or chain id golem could trust by default.
    expect(() => requirePayments(load('mainnet', {GOLEM_REQUESTOR_STREAM_PAYMENT_ADDRESS: CONTRACT}))).toThrowErrorMatchingInlineSnapshot(`
      [ConfigError: No payments RPC is known for 'mainnet'.
      Hint: Set GOLEM_REQUESTOR_L2_RPC_URL to its JSON-RPC URL.]
    `);
    expect(() =>
      requirePayments(load('mainnet', {GOLEM_REQUESTOR_STREAM_PAYMENT_ADDRESS: CONTRACT, GOLEM_REQUESTOR_L2_RPC_URL: 'http://127.0.0.1:8545'})),
    ).toThrow(/No chain id is known for 'mainnet'/);
    const full = load('mainnet', {
      GOLEM_REQUESTOR_STREAM_PAYMENT_ADDRESS: CONTRACT,
      GOLEM_REQUESTOR_L2_RPC_URL: 'http://127.0.0.1:8545',
      GOLEM_REQUESTOR_CHAIN_ID: '12345',
    });
    expect(requirePayments(full)).toMatchObject({chainId: 12_345, rpcUrl: 'http://127.0.0.1:8545', streamPaymentAddress: CONTRACT});
  });

  it('devnet: no faucet unless a local one is named, central discovery', () => {
    expect(load('devnet').faucet).toBeNull();
    expect(load('devnet').discoveryDriver).toBe('central');
    expect(load('devnet', {GOLEM_REQUESTOR_L2_FAUCET_URL: 'http://127.0.0.1:4000/faucet/'}).faucet?.url).toBe('http://127.0.0.1:4000/faucet');
  });

  it('an unknown name is a ConfigError listing the known ones', () => {
    expect(() => load('kaolin')).toThrowErrorMatchingInlineSnapshot(`
      [ConfigError: Unknown payments network 'kaolin' (from GOLEM_REQUESTOR_PAYMENTS_NETWORK).
      Hint: Use one of: l2.holesky, kaolin.holesky, mainnet, devnet.]
    `);
    expect(knownProfileNames()).toEqual(['l2.holesky', 'kaolin.holesky', 'mainnet', 'devnet']);
    expect(findProfile(' L2.Holesky ').name).toBe('l2.holesky');
  });

  it('maps payments network names to deployment basenames as reference §2.4 does', () => {
    expect(['l2', 'l2.holesky', '', 'kaolin.holesky', 'mainnet', 'Polygon'].map(deploymentBasename)).toEqual([
      'l2',
      'l2',
      'l2',
      'kaolin',
      'mainnet',
      'polygon',
    ]);
    for (const profile of Object.values(NETWORK_PROFILES)) {
      if (profile.deployment) expect(profile.deployment).toBe(deploymentBasename(profile.name));
    }
  });

  it('lets the RPC aliases override the profile RPC, L2 first (reference §2.2)', () => {
    const payments = requirePayments(
      load('l2.holesky', {GOLEM_REQUESTOR_POLYGON_RPC_URL: 'http://polygon.test', GOLEM_REQUESTOR_L2_RPC_URL: 'http://l2.test'}),
    );
    expect(payments.rpcUrl).toBe('http://l2.test');
    expect(requirePayments(load('l2.holesky', {GOLEM_REQUESTOR_POLYGON_RPC_URL: 'http://polygon.test'})).rpcUrl).toBe('http://polygon.test');
  });
});

describe('deployment lookup (reference §2.4)', () => {
  const deployment = (address: string, glmToken?: string) =>
    JSON.stringify({network: 'test', timestamp: '', StreamPayment: {address, oracle: address, ...(glmToken ? {glmToken} : {})}});

  it('reads <GOLEM_DEPLOYMENTS_DIR>/<basename>.json before the packaged file', () => {
    const dir = base();
    writeFileSync(join(dir, 'l2.json'), deployment(CONTRACT.toLowerCase(), '0x00000000000000000000000000000000000000aa'));
    writeFileSync(join(dir, 'kaolin.json'), deployment(CONTRACT));
    const l2 = requirePayments(load('l2.holesky', {GOLEM_DEPLOYMENTS_DIR: dir}));
    expect(l2.streamPaymentAddress).toBe(CONTRACT);
    expect(l2.glmTokenAddress).toBe('0x00000000000000000000000000000000000000AA');
    expect(requirePayments(load('kaolin.holesky', {GOLEM_DEPLOYMENTS_DIR: dir})).streamPaymentAddress).toBe(CONTRACT);
  });

  it('falls back to the packaged contracts/deployments when the dir has no such file', () => {
    const payments = requirePayments(load('l2.holesky', {GOLEM_DEPLOYMENTS_DIR: base()}));
    expect(payments.streamPaymentAddress).toBe('0x0281B792b5491E3548c8Fc17C24A2e0Cb99FbeC2');
  });

  it('refuses a malformed file or a zero-address deployment instead of paying the zero address (§14.1 item 11)', () => {
    const dir = base();
    writeFileSync(join(dir, 'l2.json'), '{"StreamPayment": {"address": "nope"}}');
    expect(() => requirePayments(load('l2.holesky', {GOLEM_DEPLOYMENTS_DIR: dir}))).toThrow(
      `The deployment file ${join(dir, 'l2.json')} is not valid (StreamPayment.address: not an address).`,
    );
    writeFileSync(join(dir, 'l2.json'), '{not json');
    expect(() => requirePayments(load('l2.holesky', {GOLEM_DEPLOYMENTS_DIR: dir}))).toThrow(/is not valid/);
    writeFileSync(join(dir, 'l2.json'), deployment('0x0000000000000000000000000000000000000000'));
    expect(() => requirePayments(load('l2.holesky', {GOLEM_DEPLOYMENTS_DIR: dir}))).toThrow(/names the zero address/);
  });
});
