import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {FaucetError} from '../../../../source/errors.js';
import {formatEthAmount} from '../../../../source/ui/format-cells.js';
import {FAKE_FAUCET_PAYOUT_WEI, FAKE_MAX_GAS_WEI} from '../../../helpers/fake-services.js';
import {frameOf, press, renderApp, waitForFrame, type RenderedApp} from '../../../helpers/render.js';

afterEach(() => cleanup());

const ON_WALLET = {
  route: {name: 'wallet'},
  selection: {providers: {key: null, index: 0}, vms: {key: null, index: 0}, streams: {key: null, index: 0}, wallet: {key: null, index: 0}},
  notice: null,
} as const;

async function onWallet(options: Parameters<typeof renderApp>[0] = {}): Promise<RenderedApp> {
  const app = renderApp({initialState: ON_WALLET, ...options});
  await waitForFrame(app, 'Address');
  return app;
}

/** A released-on-demand promise (to watch the faucet while it solves). */
function gate(): {promise: Promise<void>; open: () => void} {
  let open = () => {};
  const promise = new Promise<void>((resolve) => (open = resolve));
  return {promise, open};
}

describe('Wallet screen', () => {
  it('says how many open streams fund no VM (issue 11)', async () => {
    const app = await onWallet({hasLedgerStreams: true});
    await waitForFrame(app, 'Unused');
    expect(frameOf(app)).toMatch(/Unused +1 open stream funds no VM \(golem vm reconcile ends them\)/);
  });

  it('shows balance, spendable, locked in open streams, address, network and chain id', async () => {
    const app = await onWallet();
    const wallet = await app.services.getWallet();
    const frame = frameOf(app);
    expect(frame).toMatch(/Balance +1\.5 ETH/);
    expect(frame).toContain(`Spendable  ${formatEthAmount(3n * 10n ** 18n / 2n - FAKE_MAX_GAS_WEI)} (balance less the fee cap of one payment)`);
    expect(wallet.openStreams).toBe(1);
    expect(frame).toContain(`Locked     ${formatEthAmount(wallet.lockedWei)} in 1 open stream (refunded when they end)`);
    expect(frame).toMatch(/Address +0xAbCdEf0123456789abcdef0123456789ABCDEF01/);
    expect(frame).toMatch(/Network +devnet/);
    expect(frame).toMatch(/Chain id +31337/);
  });

  it('f on a profile without a faucet says why, and asks nothing', async () => {
    const app = await onWallet();
    expect(frameOf(app)).toContain('f faucet: unavailable. No faucet on devnet: the faucet exists on testnet profiles only (l2.holesky).');
    await press(app, 'f');
    await waitForFrame(app, 'ℹ No faucet on devnet');
    expect(app.services.callsTo('requestFaucet')).toHaveLength(0);
  });

  it('f on a testnet shows the proof-of-work progress bar, then the payout, and the balance grows', async () => {
    const solving = gate();
    const balanceWei = 10n ** 15n;
    const app = await onWallet({hasFaucet: true, paymentsNetwork: 'l2.holesky', balanceWei, faucetGate: solving.promise});
    expect(frameOf(app)).toContain('f asks the testnet faucet for funds');
    await press(app, 'f');
    await waitForFrame(app, `Solving the proof of work [${'░'.repeat(20)}] 0/4`);
    solving.open();
    const frame = await waitForFrame(app, '✔ The faucet paid 0xAbCd…EF01 (tx 0x0f).');
    expect(frame).not.toContain('Solving');
    await waitForFrame(app, `Balance    ${formatEthAmount(balanceWei + FAKE_FAUCET_PAYOUT_WEI)}`);
    expect(app.services.callsTo('requestFaucet')).toHaveLength(1);
  });

  it('f when the balance is above the threshold reports the skip', async () => {
    const app = await onWallet({hasFaucet: true, paymentsNetwork: 'l2.holesky'});
    await press(app, 'f');
    await waitForFrame(app, "ℹ Nothing requested: the balance 1.5 ETH is above the faucet's threshold of 0.01 ETH.");
  });

  it('a faucet failure shows what failed and what to do', async () => {
    const error = new FaucetError({step: 'payout', reason: 'the faucet is empty'});
    const app = await onWallet({hasFaucet: true, paymentsNetwork: 'l2.holesky', balanceWei: 0n, faucetError: error});
    await press(app, 'f');
    const frame = await waitForFrame(app, '✖ Faucet: ');
    // Long lines wrap at the terminal width; compare the words.
    const words = frame.replace(/\s+/g, ' ');
    expect(words).toContain(error.shortMessage);
    expect(words).toContain(error.hint);
  });
});
