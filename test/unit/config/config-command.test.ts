import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {configCommand} from '../../../source/commands/config.js';
import {makeTestIo} from '../../helpers/command-io.js';

const PRIVATE_KEY = `0x${'4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318'}`;
const WALLET_PASSWORD = 'correct horse battery staple';
const PASSPHRASE = 'open-sesame-42';

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'golem-config-cmd-'));
  writeFileSync(join(dir, '.env'), `GOLEM_REQUESTOR_WALLET_PASSWORD="${WALLET_PASSWORD}"\nGOLEM_REQUESTOR_NETWORK=testnet\n`);
  const env = {
    GOLEM_REQUESTOR_BASE_DIR: dir,
    GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY: PRIVATE_KEY,
    GOLEM_REQUESTOR_SSH_KEY_PASSPHRASE: PASSPHRASE,
    GOLEM_REQUESTOR_STREAM_MONITOR_INTERVAL_SECONDS: '60',
  };
  return {dir, env};
}

const secretsIn = (text: string) => [PRIVATE_KEY, PRIVATE_KEY.slice(2), WALLET_PASSWORD, PASSPHRASE].filter((secret) => text.includes(secret));

describe('golem config', () => {
  it('lists each setting with its value and source, secrets only as (set)/(not set)', async () => {
    const {dir, env} = setup();
    const test = makeTestIo({env});
    expect(await configCommand.run(test.io, {args: [], rest: [], flags: {json: false}})).toBe(0);
    const out = test.stdout();
    expect(secretsIn(out + test.stderr())).toEqual([]);
    const line = (variable: string) => out.split('\n').find((text) => text.startsWith(`${variable} `))?.split(/\s{2,}/);
    expect(line('GOLEM_REQUESTOR_BASE_DIR')).toEqual(['GOLEM_REQUESTOR_BASE_DIR', dir, 'env']);
    expect(line('GOLEM_REQUESTOR_NETWORK')).toEqual(['GOLEM_REQUESTOR_NETWORK', 'testnet', 'file']);
    expect(line('GOLEM_REQUESTOR_STREAM_MONITOR_INTERVAL_SECONDS')).toEqual(['GOLEM_REQUESTOR_STREAM_MONITOR_INTERVAL_SECONDS', '60', 'env']);
    expect(line('GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY')).toEqual(['GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY', '(set)', 'env']);
    expect(line('GOLEM_REQUESTOR_WALLET_PASSWORD')).toEqual(['GOLEM_REQUESTOR_WALLET_PASSWORD', '(set)', 'file']);
    expect(line('GOLEM_REQUESTOR_PAYMENTS_NETWORK')).toEqual(['GOLEM_REQUESTOR_PAYMENTS_NETWORK', 'l2.holesky', 'default']);
    expect(line('GOLEM_REQUESTOR_L2_RPC_URL')).toEqual(['GOLEM_REQUESTOR_L2_RPC_URL', 'https://l2.holesky.golemdb.io/rpc', 'profile']);
    expect(out).toContain(`Settings file: ${join(dir, '.env')}`);
    expect(out).toContain('Payments on l2.holesky: available');
  });

  it('--json prints one document with every setting and the payments status, no secret', async () => {
    const {env} = setup();
    const test = makeTestIo({env: {...env, GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'mainnet'}});
    expect(await configCommand.run(test.io, {args: [], rest: [], flags: {json: true}})).toBe(0);
    expect(secretsIn(test.stdout())).toEqual([]);
    const document = JSON.parse(test.stdout()) as {
      settings: {name: string; setting: string; value: string | null; source: string; secret: boolean}[];
      payments: {network: string; available: boolean; error: string | null; hint: string | null};
    };
    const byName = Object.fromEntries(document.settings.map((entry) => [entry.name, entry]));
    expect(byName['GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY']).toEqual({
      name: 'GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY',
      setting: 'ethereumPrivateKey',
      value: '(set)',
      source: 'env',
      secret: true,
    });
    expect(byName['GOLEM_REQUESTOR_SSH_KEY_PASSPHRASE']?.value).toBe('(set)');
    expect(byName['GOLEM_REQUESTOR_PAYMENTS_NETWORK']).toMatchObject({value: 'mainnet', source: 'env'});
    expect(byName['GOLEM_REQUESTOR_L2_FAUCET_URL']).toMatchObject({value: null, source: 'profile'});
    expect(document.payments).toMatchObject({network: 'mainnet', available: false});
    expect(document.payments.error).toMatch(/No StreamPayment deployment 'mainnet.json'/);
    expect(document.payments.hint).toMatch(/GOLEM_REQUESTOR_STREAM_PAYMENT_ADDRESS/);
  });

  it('shows unset secrets as (not set) and an unavailable devnet', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'golem-config-cmd-'));
    const test = makeTestIo({env: {GOLEM_REQUESTOR_BASE_DIR: dir, GOLEM_REQUESTOR_PAYMENTS_NETWORK: 'devnet'}});
    expect(await configCommand.run(test.io, {args: [], rest: [], flags: {json: false}})).toBe(0);
    expect(test.stdout()).toMatch(/^GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY\s+\(not set\)\s+default$/m);
    expect(test.stdout()).toMatch(/^GOLEM_REQUESTOR_DISCOVERY_DRIVER\s+central\s+profile$/m);
    expect(test.stdout()).toContain('Payments on devnet: unavailable — The devnet is not running');
  });
});
