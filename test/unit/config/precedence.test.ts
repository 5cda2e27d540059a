import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {loadConfig, type AppConfig} from '../../../source/config/settings.js';

const base = () => mkdtempSync(join(tmpdir(), 'golem-precedence-'));

/** A base dir whose `.env` holds `lines`. */
function baseWithDotenv(lines: readonly string[]): string {
  const dir = base();
  writeFileSync(join(dir, '.env'), `${lines.join('\n')}\n`);
  return dir;
}

const setting = (config: AppConfig, key: string) => config.effectiveSettings.find((entry) => entry.key === key);

describe('setting precedence: flag > env > <baseDir>/.env > default', () => {
  const dotenv = [
    '# written by hand',
    'GOLEM_REQUESTOR_NETWORK=from-file',
    'export GOLEM_REQUESTOR_DISCOVERY_URL="http://file.test:9001"',
    "golem_requestor_stream_monitor_interval_seconds='45'",
    'GOLEM_REQUESTOR_STREAM_MONITOR_ENABLED=no',
  ];

  it('uses the default when nothing sets a value', () => {
    const config = loadConfig({GOLEM_REQUESTOR_BASE_DIR: base()});
    expect(config.network).toBe('mainnet');
    expect(config.monitor.intervalSeconds).toBe(30);
    expect(setting(config, 'network')).toMatchObject({variable: 'GOLEM_REQUESTOR_NETWORK', value: 'mainnet', source: 'default'});
  });

  it('reads the .env file in the base dir (the reference created it and never read it, §2.1)', () => {
    const config = loadConfig({GOLEM_REQUESTOR_BASE_DIR: baseWithDotenv(dotenv)});
    expect(config.network).toBe('from-file');
    expect(config.discoveryUrl).toBe('http://file.test:9001');
    expect(config.monitor.intervalSeconds).toBe(45);
    expect(config.monitor.enabled).toBe(false);
    expect(setting(config, 'network')?.source).toBe('file');
    expect(setting(config, 'streamMonitorEnabled')).toMatchObject({value: 'false', source: 'file'});
  });

  it('lets the environment beat the file, in any case of the variable name', () => {
    const config = loadConfig({
      GOLEM_REQUESTOR_BASE_DIR: baseWithDotenv(dotenv),
      golem_requestor_network: 'from-env',
      GOLEM_REQUESTOR_STREAM_MONITOR_INTERVAL_SECONDS: '60',
    });
    expect(config.network).toBe('from-env');
    expect(config.monitor.intervalSeconds).toBe(60);
    expect(config.discoveryUrl).toBe('http://file.test:9001');
    expect(setting(config, 'network')?.source).toBe('env');
    expect(setting(config, 'discoveryUrl')?.source).toBe('file');
  });

  it('lets flags beat the environment and the file', () => {
    const config = loadConfig(
      {GOLEM_REQUESTOR_BASE_DIR: baseWithDotenv(dotenv), GOLEM_REQUESTOR_NETWORK: 'from-env', GOLEM_REQUESTOR_STREAM_MONITOR_ENABLED: 'yes'},
      {flags: {network: 'from-flag', streamMonitorEnabled: true, streamMonitorIntervalSeconds: 90, discoveryUrl: undefined}},
    );
    expect(config.network).toBe('from-flag');
    expect(config.monitor.enabled).toBe(true);
    expect(config.monitor.intervalSeconds).toBe(90);
    expect(config.discoveryUrl).toBe('http://file.test:9001');
    expect(setting(config, 'network')?.source).toBe('flag');
    expect(setting(config, 'streamMonitorIntervalSeconds')).toMatchObject({value: '90', source: 'flag'});
  });

  it('selects the payments profile by flag over env', () => {
    const config = loadConfig(
      {GOLEM_REQUESTOR_BASE_DIR: base(), GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'l2.holesky'},
      {flags: {paymentsNetwork: 'Kaolin.Holesky'}},
    );
    expect(config.paymentsNetwork).toBe('kaolin.holesky');
    expect(setting(config, 'paymentsNetwork')).toMatchObject({value: 'kaolin.holesky', source: 'flag'});
  });

  it('names the file and the variable when a value in .env is malformed', () => {
    const dir = baseWithDotenv(['GOLEM_REQUESTOR_STREAM_MONITOR_ENABLED=maybe']);
    expect(() => loadConfig({GOLEM_REQUESTOR_BASE_DIR: dir})).toThrow(
      `GOLEM_REQUESTOR_STREAM_MONITOR_ENABLED in ${join(dir, '.env')} must be true or false (also 1/0, yes/no, on/off), got 'maybe'.`,
    );
    expect(() => loadConfig({GOLEM_REQUESTOR_BASE_DIR: base()}, {flags: {providerPort: 'x'}})).toThrow(
      "--provider-port must be a whole number, got 'x'.",
    );
  });

  it('never takes the base dir from the .env inside it; resolves relative file paths against the base dir', () => {
    const dir = baseWithDotenv(['GOLEM_REQUESTOR_BASE_DIR=/elsewhere', 'GOLEM_REQUESTOR_DB_PATH=data/golem.db']);
    const config = loadConfig({GOLEM_REQUESTOR_BASE_DIR: dir});
    expect(config.paths.baseDir).toBe(dir);
    expect(config.paths.dbPath).toBe(join(dir, 'data', 'golem.db'));
    expect(setting(config, 'baseDir')?.source).toBe('env');
    expect(setting(config, 'dbPath')?.source).toBe('file');
    expect(loadConfig({GOLEM_REQUESTOR_BASE_DIR: dir}, {flags: {dbPath: join(dir, 'flag.db')}}).paths.dbPath).toBe(join(dir, 'flag.db'));
  });

  it('records every catalogue setting once, with secrets masked', () => {
    const config = loadConfig({
      GOLEM_REQUESTOR_BASE_DIR: base(),
      GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY: `0x${'11'.repeat(32)}`,
      GOLEM_REQUESTOR_WALLET_PASSWORD: 'hunter2 with spaces ',
    });
    expect(config.walletPassword).toBe('hunter2 with spaces ');
    const keys = config.effectiveSettings.map((entry) => entry.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(setting(config, 'ethereumPrivateKey')).toMatchObject({value: '(set)', source: 'env', isSecret: true});
    expect(setting(config, 'walletPassword')).toMatchObject({value: '(set)', isSecret: true});
    expect(setting(config, 'sshKeyPassphrase')).toMatchObject({value: '(not set)', isSecret: true});
    expect(JSON.stringify(config.effectiveSettings)).not.toMatch(/hunter2|1111111111/);
  });
});
