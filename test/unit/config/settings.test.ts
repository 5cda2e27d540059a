import {mkdtempSync, mkdirSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {ConfigError} from '../../../source/errors.js';
import {devnetStatePath, loadConfig, requirePayments} from '../../../source/config/settings.js';

const base = () => mkdtempSync(join(tmpdir(), 'golem-config-'));

describe('loadConfig', () => {
  it('puts every path under GOLEM_REQUESTOR_BASE_DIR and honours DB_PATH/SSH_KEY_DIR (reference §14.1 item 13)', () => {
    const dir = base();
    const config = loadConfig({GOLEM_REQUESTOR_BASE_DIR: dir, golem_requestor_db_path: join(dir, 'x.db')});
    expect(config.paths.dbPath).toBe(join(dir, 'x.db'));
    expect(config.paths.sshKeyDir).toBe(join(dir, 'ssh'));
    expect(config.paths.walletKeyPath.startsWith(dir)).toBe(true);
    const moved = loadConfig({GOLEM_REQUESTOR_BASE_DIR: dir, GOLEM_REQUESTOR_SSH_KEY_DIR: join(dir, 'keys')});
    expect(moved.paths.sshKeyDir).toBe(join(dir, 'keys'));
    expect(moved.paths.dbPath).toBe(join(dir, 'vms.db'));
  });

  it('defaults to the l2.holesky deployment of reference §2.4 with its chain id', () => {
    const payments = requirePayments(loadConfig({GOLEM_REQUESTOR_BASE_DIR: base()}));
    expect(payments.chainId).toBe(393_530);
    expect(payments.streamPaymentAddress).toBe('0x0281B792b5491E3548c8Fc17C24A2e0Cb99FbeC2');
    expect(payments.explorerUrl).toBe('https://explorer.l2.holesky.golemdb.io');
  });

  it('refuses an unknown payments network instead of silently reusing l2 (reference §14.1 item 13)', () => {
    expect(() => loadConfig({GOLEM_REQUESTOR_BASE_DIR: base(), GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'polygon'})).toThrow(
      /Unknown payments network 'polygon'/,
    );
  });

  it('devnet: explains how to start it when no state exists, and reads it when it does', () => {
    const dir = base();
    const env = {GOLEM_REQUESTOR_BASE_DIR: dir, GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'devnet'};
    const stopped = loadConfig(env);
    expect(stopped.payments).toBeInstanceOf(ConfigError);
    expect(() => requirePayments(stopped)).toThrow(/devnet is not running/);
    expect(stopped.discoveryUrl).toBeNull();
    const devnetDir = join(dir, 'devnet');
    mkdirSync(devnetDir, {recursive: true});
    writeFileSync(
      devnetStatePath(devnetDir),
      JSON.stringify({
        chainId: 31337,
        rpcUrl: 'http://127.0.0.1:8545',
        discoveryUrl: 'http://127.0.0.1:9001',
        streamPaymentAddress: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
        ethUsdPrice: '3000',
      }),
    );
    const config = loadConfig(env);
    expect(requirePayments(config).ethUsdPriceFixed18).toBe(3000n * 10n ** 18n);
    expect(config.discoveryUrl).toBe('http://127.0.0.1:9001');
    expect(config.discoveryDriver).toBe('central');
    const sources = Object.fromEntries(config.effectiveSettings.map((setting) => [setting.key, setting.source]));
    expect(sources).toMatchObject({rpcUrl: 'devnet', streamPaymentAddress: 'devnet', discoveryUrl: 'devnet', discoveryDriver: 'profile'});
  });

  it('uses the golem-base discovery driver outside the devnet (reference §2.2 default)', () => {
    expect(loadConfig({GOLEM_REQUESTOR_BASE_DIR: base()}).discoveryDriver).toBe('golem-base');
  });

  it('rejects a malformed private key without echoing it, and a malformed driver naming the variable', () => {
    const secret = `0x${'ab'.repeat(31)}`;
    const attempt = () => loadConfig({GOLEM_REQUESTOR_BASE_DIR: base(), GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY: secret});
    expect(attempt).toThrow(/GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY must be 0x followed by 64 hex digits\.$/);
    expect(attempt).not.toThrow(new RegExp(secret));
    expect(() => loadConfig({GOLEM_REQUESTOR_BASE_DIR: base(), GOLEM_REQUESTOR_DISCOVERY_DRIVER: 'carrier-pigeon'})).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: GOLEM_REQUESTOR_DISCOVERY_DRIVER must be one of central, golem-base, got 'carrier-pigeon'.]`,
    );
  });

  it('rejects malformed numbers, ports and addresses, naming the variable', () => {
    const dir = base();
    expect(() => loadConfig({GOLEM_REQUESTOR_BASE_DIR: dir, GOLEM_REQUESTOR_STREAM_MONITOR_INTERVAL_SECONDS: '30s'})).toThrow(
      "GOLEM_REQUESTOR_STREAM_MONITOR_INTERVAL_SECONDS must be a whole number, got '30s'.",
    );
    expect(() => loadConfig({GOLEM_REQUESTOR_BASE_DIR: dir, GOLEM_REQUESTOR_PROVIDER_PORT: '70000'})).toThrow(/PROVIDER_PORT must be a port number/);
    expect(() => loadConfig({GOLEM_REQUESTOR_BASE_DIR: dir, GOLEM_REQUESTOR_STREAM_PAYMENT_ADDRESS: '0x12'})).toThrow(
      /GOLEM_REQUESTOR_STREAM_PAYMENT_ADDRESS must be an address/,
    );
    expect(() =>
      loadConfig({GOLEM_REQUESTOR_BASE_DIR: dir, GOLEM_REQUESTOR_STREAM_PAYMENT_ADDRESS: '0x0000000000000000000000000000000000000000'}),
    ).toThrow(/not the zero address/);
    expect(() => loadConfig({GOLEM_REQUESTOR_BASE_DIR: dir, GOLEM_REQUESTOR_ETH_USD_PRICE: 'abc'})).toThrow(/ETH_USD_PRICE must be a positive number/);
    expect(() => loadConfig({GOLEM_REQUESTOR_BASE_DIR: dir, GOLEM_REQUESTOR_CHAIN_ID: '1'})).toThrow(
      /GOLEM_REQUESTOR_CHAIN_ID is 1, but the l2.holesky payments network is chain 393530/,
    );
  });

  it('applies the effective minimums and the monitor hysteresis (reference §2.2, §8.2)', () => {
    const config = loadConfig({
      GOLEM_REQUESTOR_BASE_DIR: base(),
      GOLEM_REQUESTOR_STREAM_MONITOR_INTERVAL_SECONDS: '1',
      GOLEM_REQUESTOR_STREAM_MIN_REMAINING_SECONDS: '-5',
      GOLEM_REQUESTOR_STREAM_TOPUP_TARGET_SECONDS: '60',
      GOLEM_REQUESTOR_STREAM_MONITOR_SPEND_CAP_ETH: '0.5',
    });
    expect(config.monitor).toEqual({enabled: true, intervalSeconds: 5, minRemainingSeconds: 0, targetSeconds: 3600, spendCapWeiPerDay: 5n * 10n ** 17n});
  });

  it('development mode: GOLEM_ENVIRONMENT wins, golem_dev_mode is exact-case, dev Golem Base URLs apply, no DEVMODE- URL (§2.5)', () => {
    const dir = base();
    const dev = loadConfig({
      GOLEM_REQUESTOR_BASE_DIR: dir,
      golem_dev_mode: 't',
      GOLEM_BASE_DEV_RPC_URL: 'http://127.0.0.1:8545',
      GOLEM_REQUESTOR_GOLEM_BASE_WS_URL: 'ws://example.test/ws',
    });
    expect(dev.environment).toBe('development');
    expect(dev.golemBase).toEqual({rpcUrl: 'http://127.0.0.1:8545', wsUrl: 'ws://example.test/ws', advertisementIntervalSeconds: 3600});
    expect(dev.discoveryUrl).toBe('http://195.201.39.101:9001');
    expect(dev.network).toBe('development');
    expect(loadConfig({GOLEM_REQUESTOR_BASE_DIR: dir, GOLEM_DEV_MODE: 'true'}).environment).toBe('production');
    expect(loadConfig({GOLEM_REQUESTOR_BASE_DIR: dir, golem_dev_mode: 'false', GOLEM_REQUESTOR_ENVIRONMENT: 'development'}).environment).toBe('development');
    expect(loadConfig({GOLEM_REQUESTOR_BASE_DIR: dir, golem_dev_mode: '1', GOLEM_ENVIRONMENT: 'production'}).environment).toBe('production');
    expect(() => loadConfig({GOLEM_REQUESTOR_BASE_DIR: dir, GOLEM_ENVIRONMENT: 'staging'})).toThrow(
      "GOLEM_ENVIRONMENT must be production or development, got 'staging'.",
    );
  });
});
