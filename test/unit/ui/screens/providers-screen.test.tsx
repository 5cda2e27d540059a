import {cleanup} from 'ink-testing-library';
import stringWidth from 'string-width';
import {afterEach, describe, expect, it} from 'vitest';
import type {ProviderAdvert} from '../../../../source/services/types.js';
import {fakeEstimate, makeAdvert, usd} from '../../../helpers/fake-services.js';
import {frameOf, keys, press, renderApp, settle, waitForFrame, resizeApp} from '../../../helpers/render.js';

afterEach(() => cleanup());

const pageDown = '\u001B[6~';
const pageUp = '\u001B[5~';

function hexId(index: number): `0x${string}` {
  return `0x${index.toString(16).padStart(40, '0')}`;
}

/** `count` adverts named `node-00001`…, with prices that rise with the index. */
function manyProviders(count: number): ProviderAdvert[] {
  return Array.from({length: count}, (_, index) =>
    makeAdvert({
      providerId: hexId(index + 1),
      providerName: `node-${String(index + 1).padStart(5, '0')}`,
      country: index % 2 ? 'PL' : 'DE',
      pricing: {usdPerCoreMonth: usd(String(index + 1)), usdPerGbRamMonth: usd('1'), usdPerGbStorageMonth: usd('0.1')},
    }),
  );
}

/** Makes the fake terminal `columns`×`rows` and tells Ink and the App it was resized. */
function lines(frame: string): string[] {
  return frame.split('\n');
}

/** The names in the table's body rows, in order. */
function bodyNames(frame: string): string[] {
  return [...frame.matchAll(/^│[› ](\S[^│]*?)\s*│/gm)].map((match) => match[1]!).filter((name) => !name.startsWith('Provider'));
}

describe('Providers screen: keys', () => {
  it('moves with PgDn/PgUp by a page and g/G to the ends', async () => {
    const app = renderApp({providers: manyProviders(40)});
    await waitForFrame(app, 'node-00001');
    await press(app, 'G');
    let frame = await waitForFrame(app, /›node-00040/.test.bind(/›node-00040/));
    expect(frame).toContain('rows ');
    await press(app, 'g');
    frame = await waitForFrame(app, (text) => text.includes('›node-00001'));
    await press(app, pageDown);
    frame = await waitForFrame(app, (text) => !text.includes('›node-00001') && text.includes('›node-'));
    const page = Number(/›node-(\d+)/.exec(frame)![1]) - 1;
    expect(page).toBeGreaterThan(2);
    await press(app, pageUp);
    await waitForFrame(app, (text) => text.includes('›node-00001'));
  });

  it('/ filters on the text shown, case-insensitively; Enter keeps it, Esc clears it', async () => {
    const app = renderApp();
    await waitForFrame(app, 'alpha-node');
    await press(app, '/');
    await waitForFrame(app, 'Enter keep');
    // Letters are filter text now, not keys: q does not quit, c does not open the create form.
    await press(app, 'B', 'E', 'T', 'A');
    let frame = await waitForFrame(app, (text) => bodyNames(text).join() === 'beta-node');
    expect(frame).toContain('1 of 3');
    await press(app, keys.enter);
    frame = await waitForFrame(app, 'filter: BETA (1 of 3)');
    // The list keys work again on the filtered rows.
    await press(app, 'c');
    await waitForFrame(app, 'beta-node');
    await press(app, keys.escape);
    await waitForFrame(app, (text) => !text.includes('Create a VM'));
    await press(app, keys.escape);
    frame = await waitForFrame(app, (text) => !text.includes('filter:'));
    expect(bodyNames(frame)).toEqual(['alpha-node', 'beta-node', '0x3333…3333']);
  });

  it('/ then q types q into the filter and Esc clears it, without quitting', async () => {
    const app = renderApp();
    await waitForFrame(app, 'alpha-node');
    await press(app, '/', 'q', '2');
    let frame = await waitForFrame(app, 'No provider matches "q2"');
    expect(frame).toContain('[1 Providers]');
    await press(app, keys.escape);
    frame = await waitForFrame(app, 'alpha-node');
    expect(frame).not.toContain('Enter keep');
    await press(app, '2');
    await waitForFrame(app, '[2 VMs]');
  });

  it('case-03: s cycles the sort column and S reverses it; junk prices stay last', async () => {
    const app = renderApp();
    await waitForFrame(app, 'alpha-node');
    await press(app, 's');
    let frame = await waitForFrame(app, 'Provider▲');
    // By name: the unnamed provider sorts by its id.
    expect(bodyNames(frame)).toEqual(['0x3333…3333', 'alpha-node', 'beta-node']);
    await press(app, 'S');
    frame = await waitForFrame(app, 'Provider▼');
    expect(bodyNames(frame)).toEqual(['beta-node', 'alpha-node', '0x3333…3333']);
    // Cycle to $/core·h (name, country, arch, cpu, ram, disk, $/core).
    await press(app, 's', 's', 's', 's', 's', 's');
    frame = await waitForFrame(app, '$/core·h▲');
    expect(bodyNames(frame)).toEqual(['alpha-node', 'beta-node', '0x3333…3333']);
    await press(app, 'S');
    frame = await waitForFrame(app, '$/core·h▼');
    expect(bodyNames(frame)).toEqual(['beta-node', 'alpha-node', '0x3333…3333']);
  });

  it('shows the per-hour estimate for a :spec in USD and ETH, "—" where the provider cannot be priced', async () => {
    const app = renderApp();
    const listProviders = app.services.listProviders.bind(app.services);
    // The fake ignores the spec; answer like the real service does, with an estimate per priced provider.
    app.services.listProviders = async (parameters, signal) => {
      const offers = await listProviders(parameters, signal);
      const {cpu, memory, storage} = parameters;
      if (!cpu || !memory || !storage) return offers;
      return offers.map(({advert}) => ({advert, estimate: fakeEstimate(advert.pricing, {cpu, memory, storage})}));
    };
    await waitForFrame(app, 'alpha-node');
    await press(app, ':', ...'spec 2 4 20'.split(''), keys.enter);
    const frame = await waitForFrame(app, 'ETH/h');
    expect(frame).toContain('Estimates for 2 cores, 4 GB RAM, 20 GB disk');
    // alpha: 2×5 + 4×2 + 20×0.1 = $20/month → $20/730 per hour.
    expect(frame).toMatch(/alpha-node .*│ +\$0\.0273 │ +0\.0000\d+ ETH │ +\d+d │/);
    expect(frame).toMatch(/0x3333…3333 .*│ +— │ +— │ +\d+d │/);
    expect(frame).not.toContain('$/core');
    expect(app.services.callsTo('listProviders').at(-1)).toEqual([{cpu: 2, memory: 4, storage: 20}]);
  });
});

describe('Providers screen: render discipline', () => {
  it('10,000 providers: a keypress draws only the visible rows, quickly, and the frame fits the terminal', async () => {
    const app = renderApp({providers: manyProviders(10_000)});
    await waitForFrame(app, 'node-00001', {timeoutMs: 20_000});
    const frame = frameOf(app);
    expect(lines(frame).length).toBeLessThanOrEqual(24);
    expect(frame).toContain('of 10000');
    const started = performance.now();
    await press(app, 'j');
    await waitForFrame(app, '›node-00002');
    await press(app, 'G');
    const last = await waitForFrame(app, '›node-10000');
    const elapsed = performance.now() - started;
    const drawnRows = bodyNames(last).length;
    expect(drawnRows).toBeGreaterThan(3);
    expect(drawnRows).toBeLessThan(24);
    expect(lines(last).length).toBeLessThanOrEqual(24);
    // Two keypresses over 10,000 rows; an unvirtualised table takes seconds here.
    expect(elapsed).toBeLessThan(1500);
  });

  it('fits 80×24 and redraws whole on resize (100×30 → 80×24): no line wider or frame taller than the terminal', async () => {
    const app = renderApp({providers: manyProviders(50)});
    await waitForFrame(app, 'node-00001');
    await resizeApp(app, 100, 30);
    let frame = await waitForFrame(app, (text) => lines(text).length > 24);
    expect(lines(frame).length).toBeLessThanOrEqual(30);
    await resizeApp(app, 80, 24);
    await settle(50);
    frame = await waitForFrame(app, (text) => lines(text).length <= 24 && text.includes('node-00001'));
    for (const line of lines(frame)) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
    // The table itself was laid out again for 80 columns (not merely cut by the terminal).
    const table = lines(frame).filter((line) => /^[┌│├└]/.test(line));
    const tableWidths = new Set(table.map((line) => stringWidth(line)));
    expect(tableWidths.size).toBe(1);
    expect([...tableWidths][0]).toBeGreaterThan(70);
    expect([...tableWidths][0]).toBeLessThanOrEqual(80);
    // No header is cut: the secondary Arch column gave way instead.
    expect(table[1]).not.toContain('…');
    expect(table[1]).not.toContain('Arch');
    expect(frame).toContain('q quit');
    await press(app, '?');
    frame = await waitForFrame(app, 'Esc or ? closes this help');
    expect(lines(frame).length).toBeLessThanOrEqual(24);
    for (const line of lines(frame)) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
  });

  it('case-13: wide, flag, ZWJ, combining and 300-character names keep every line within 80 columns', async () => {
    const names = ['東京-node 🚀', '🇩🇪 Berlin', '👨‍💻dev', 'e\u0301clair', `long-${'x'.repeat(295)}`];
    const providers = names.map((providerName, index) => makeAdvert({providerId: hexId(index + 1), providerName, country: '🇩🇪'}));
    const app = renderApp({providers});
    await waitForFrame(app, 'Berlin');
    await resizeApp(app, 80, 24);
    const frame = await waitForFrame(app, (text) => lines(text).every((line) => stringWidth(line) <= 80) && text.includes('Berlin'));
    const table = lines(frame).filter((line) => line.startsWith('│') || line.startsWith('┌'));
    expect(new Set(table.map((line) => stringWidth(line))).size, table.join('\n')).toBe(1);
    // Filtering matches the text as drawn.
    await press(app, '/', ...'東京'.split(''));
    await waitForFrame(app, (text) => bodyNames(text).length === 1 && text.includes('東京-node'));
  });
});
