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
  });

  it('defaults to the l2.holesky deployment of reference §2.4 with its chain id', () => {
    const payments = requirePayments(loadConfig({GOLEM_REQUESTOR_BASE_DIR: base()}));
    expect(payments.chainId).toBe(393_530);
    expect(payments.streamPaymentAddress).toBe('0x0281B792b5491E3548c8Fc17C24A2e0Cb99FbeC2');
  });

  it('refuses an unknown payments network instead of silently reusing l2 (reference §14.1 item 13)', () => {
    const config = loadConfig({GOLEM_REQUESTOR_BASE_DIR: base(), GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'kaolin.holesky'});
    expect(() => requirePayments(config)).toThrow(/Unknown payments network 'kaolin.holesky'/);
  });

  it('devnet: explains how to start it when no state exists, and reads it when it does', () => {
    const dir = base();
    const env = {GOLEM_REQUESTOR_BASE_DIR: dir, GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'devnet'};
    expect(loadConfig(env).payments).toBeInstanceOf(ConfigError);
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
  });

  it('rejects a malformed private key and driver', () => {
    expect(() => loadConfig({GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY: '0x1'})).toThrow(/64 hex digits/);
    expect(() => loadConfig({GOLEM_REQUESTOR_DISCOVERY_DRIVER: 'carrier-pigeon'})).toThrow(/Unknown discovery driver/);
  });
});
