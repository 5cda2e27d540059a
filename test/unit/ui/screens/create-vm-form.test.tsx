import {cleanup} from 'ink-testing-library';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {frameOf, keys, press, renderApp, waitForFrame, type RenderedApp} from '../../../helpers/render.js';

afterEach(() => {
  vi.useRealTimers();
  cleanup();
});

/** Opens the create form on the first provider (alpha-node: 8 cores, 16 GB, 200 GB free). */
async function openForm(options: Parameters<typeof renderApp>[0] = {}): Promise<RenderedApp> {
  const app = renderApp(options);
  await waitForFrame(app, 'alpha-node');
  await press(app, 'c');
  await waitForFrame(app, 'Create a VM on alpha-node');
  return app;
}

/** The text after the label of a form field, e.g. `fieldValue(frame, 'Name')`. */
function fieldValue(frame: string, label: string): string | undefined {
  const line = frame.split('\n').find((text) => new RegExp(`^│ [› ] ${label} `).test(text));
  return line?.replace(new RegExp(`^│ [› ] ${label} +`), '').replace(/ *│$/, '');
}

describe('create VM form', () => {
  it('shows the live quote: ETH and USD per hour and the deposit', async () => {
    const app = await openForm();
    const frame = await waitForFrame(app, 'Deposit');
    // alpha-node 1 core/1 GB/10 GB at $5/$2/$0.1 = $8/month = $0.0109/h; at $2000/ETH ≈ 0.00000547 ETH/h.
    expect(frame).toContain('Price    0.00000547 ETH/h  ($0.0109/h)');
    expect(frame).toContain('Deposit  0.00000547 ETH for 1 h  (wallet 1.5 ETH)');

    await press(app, keys.tab, keys.tab, keys.tab, keys.tab, keys.backspace, '3');
    await waitForFrame(app, 'for 3 h');
    expect(frameOf(app)).toContain('Deposit  0.00001643 ETH for 3 h');
    expect(app.services.callsTo('quoteVm').at(-1)).toEqual([
      {providerId: '0x1111111111111111111111111111111111111111', resources: {cpu: 1, memory: 1, storage: 10}, hours: 3},
    ]);
  });

  it('case-30: refuses a bad name inline with a suggestion, and does not call createVm', async () => {
    const app = await openForm();
    await press(app, 'My_VM', keys.enter);
    const frame = await waitForFrame(app, 'Try "my-vm"');
    expect(frame).toContain('may contain only a–z, 0–9 and hyphens');
    expect(app.services.callsTo('createVm')).toHaveLength(0);
  });

  it('applies the resources rule (reference §4.4) and the provider’s free resources inline', async () => {
    const app = await openForm();
    await press(app, 'ok-name', keys.down, keys.backspace, '3', keys.down, keys.backspace, '128', keys.down);
    await press(app, keys.backspace, keys.backspace, '5', keys.enter);
    const frame = await waitForFrame(app, 'CPU cores must be 1, 2, 4, 8, 16.');
    expect(frame).toContain('Memory must be 1, 2, 4, 8, 16, 32, 64 GB.');
    expect(frame).toContain('Disk must be a whole number of GB, at least 10.');
    expect(frame).toContain('Price: fill in valid resources and hours.');
    expect(app.services.callsTo('createVm')).toHaveLength(0);

    await press(app, keys.up, keys.up, keys.backspace, '16');
    await waitForFrame(app, 'The provider has only 8 cores free.');
  });

  it('submits a good request through the confirm step, shows the steps with elapsed time, then the new VM on VMs with its status changing live', async () => {
    vi.useFakeTimers({toFake: ['setInterval', 'clearInterval']});
    let release = () => {};
    const app = await openForm({gates: {createVm: new Promise<void>((resolve) => (release = resolve))}});
    await press(app, 'web-2', keys.tab, keys.backspace, '2', keys.enter);
    // Confirm: spec, hours, per hour and deposit in ETH and USD; nothing sent yet.
    let frame = await waitForFrame(app, 'Enter pay and create');
    expect(frame).toContain('Create web-2 on alpha-node?');
    expect(frame).toContain('2 cores, 1 GB memory, 10 GB disk');
    expect(frame).toContain('1 h of deposit');
    expect(frame).toMatch(/Per hour +[0-9.<]+ .*ETH +\(\$[0-9.]+\)/);
    expect(frame).toMatch(/Deposit +[0-9.<]+ .*ETH +\(\$[0-9.]+\) \+ gas up to/);
    expect(app.services.callsTo('createVm')).toHaveLength(0);
    // Esc on the confirm step goes back to the form with the input kept.
    await press(app, keys.escape);
    frame = await waitForFrame(app, 'Enter review and confirm');
    expect(fieldValue(frame, 'Name')).toBe('web-2');
    await press(app, keys.enter);
    await waitForFrame(app, 'Enter pay and create');
    await press(app, keys.enter);
    frame = await waitForFrame(app, (text) => /… VM requested: Asking the provider for the VM +\(\d+\.\d s so far\)/.test(text));
    expect(frame).toMatch(/✔ Payment stream sent: Opening a payment stream \(1 h deposit\) +at \d+\.\d s/);
    expect(frame).toMatch(/✔ Stream mined +at \d+\.\d s/);
    expect(frame).toContain('Esc or Ctrl-C cancels safely.');
    // While it runs, keys do not edit or resubmit the form.
    await press(app, 'x', keys.enter);
    expect(app.services.callsTo('createVm')).toHaveLength(1);
    release();
    frame = await waitForFrame(app, (text) => text.includes('Created web-2') && /│›web-2 +│/.test(text));
    expect(app.services.callsTo('createVm')).toEqual([
      [{name: 'web-2', providerId: '0x1111111111111111111111111111111111111111', resources: {cpu: 2, memory: 1, storage: 10}, hours: 1, signal: expect.any(AbortSignal)}],
    ]);
    expect(frame).toContain('[2 VMs]');
    expect(frame).toMatch(/│›web-2 +│ ● creating/);
    expect(frame).toContain('stream #3');

    vi.advanceTimersByTime(4000);
    frame = await waitForFrame(app, (text) => /│›web-2 +│ ● running/.test(text));
    expect(frame).toMatch(/web-2 .*127\.0\.0\.1:2299 +│/);
  });

  it.each([
    ['Esc', keys.escape],
    ['Ctrl-C', keys.ctrlC],
  ])('%s while creating aborts createVm safely, says what exists, and does not quit', async (_name, key) => {
    const app = await openForm({gates: {createVm: new Promise<void>(() => {})}});
    await press(app, 'web-3', keys.enter);
    await waitForFrame(app, 'Enter pay and create');
    await press(app, keys.enter);
    await waitForFrame(app, '… VM requested');
    await press(app, key);
    const frame = await waitForFrame(app, 'Cancelled');
    const [[parameters]] = app.services.callsTo('createVm') as [[{signal: AbortSignal}]];
    expect(parameters.signal.aborted).toBe(true);
    expect(frame).toMatch(/Interrupted\. The stream 3 was ended and \d+ wei came back to the wallet\./);
    expect(frame).toContain('Enter or Esc back to the form');
    expect(app.handoffs).toHaveLength(0);
    // The dashboard is still there: Esc back to the form, Esc closes it.
    await press(app, keys.escape);
    await waitForFrame(app, 'Enter review and confirm');
    await press(app, keys.escape);
    await waitForFrame(app, (text) => !text.includes('Create a VM') && text.includes('alpha-node'));
  });

  it('shows a refusal from the service in the form and keeps the input', async () => {
    const app = await openForm();
    await press(app, 'web-1', keys.enter);
    await waitForFrame(app, 'Enter pay and create');
    await press(app, keys.enter);
    const frame = await waitForFrame(app, "A VM named 'web-1' already exists.");
    expect(frame).toContain('✖ Not created');
    expect(fieldValue(frame, 'Name')).toBe('web-1');
  });

  it('closes on Esc without creating anything', async () => {
    const app = await openForm();
    await press(app, 'abc', keys.escape);
    await waitForFrame(app, (text) => !text.includes('Create a VM') && text.includes('alpha-node'));
    expect(app.services.callsTo('createVm')).toHaveLength(0);
  });
});

describe('pasting into the form (case-14)', () => {
  beforeEach(() => {
    vi.useRealTimers();
  });

  it('case-14: a name pasted with a trailing newline is inserted whole, does not submit, cursor at the end', async () => {
    const app = await openForm();
    await press(app, 'web-9\n');
    expect(fieldValue(frameOf(app), 'Name')).toBe('web-9');
    expect(app.services.callsTo('createVm')).toHaveLength(0);
    expect(frameOf(app)).toContain('Create a VM on alpha-node');
    // The cursor is after the pasted text: typing continues at the end.
    await press(app, 'x');
    expect(fieldValue(frameOf(app), 'Name')).toBe('web-9x');
  });

  it('case-14: a three-line paste becomes one line and is validated as pasted', async () => {
    const app = await openForm();
    await press(app, 'first\r\nsecond\nthird');
    const frame = frameOf(app);
    expect(fieldValue(frame, 'Name')).toBe('firstsecondthird');
    expect(frame).not.toContain('may contain only');
    expect(app.services.callsTo('createVm')).toHaveLength(0);
    await press(app, keys.enter);
    await waitForFrame(app, 'Enter pay and create');
    await press(app, keys.enter);
    await waitForFrame(app, 'Created firstsecondthird');
  });

  it('case-14: a 400-character ssh key pasted into the name is kept whole and refused by validation', async () => {
    const key = `ssh-ed25519 ${'A'.repeat(376)} user@host\n`;
    const app = await openForm();
    await press(app, key);
    const frame = await waitForFrame(app, 'must be 3–64 characters long (it is 398)');
    expect(frame).toContain('may contain only a–z');
    expect(frame.replace(/[│\s]/g, '')).toContain(`ssh-ed25519${'A'.repeat(376)}user@host`);
    expect(app.services.callsTo('createVm')).toHaveLength(0);
  });
});
