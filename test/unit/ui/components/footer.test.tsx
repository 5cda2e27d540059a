import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {fitHints} from '../../../../source/ui/components/key-hints.js';
import {hintsFor} from '../../../../source/ui/components/footer.js';
import {keys, press, renderApp, waitForFrame} from '../../../helpers/render.js';

afterEach(() => cleanup());

const commandsOf = (hints: ReturnType<typeof hintsFor>) => hints.map(([command]) => command);

describe('key hints show only the keys that work here', () => {
  it('Providers: filter, sort and reverse, create; no VM keys', () => {
    const hints = commandsOf(hintsFor({name: 'providers'}, null));
    expect(hints).toEqual(expect.arrayContaining(['list.filter', 'provider.sort', 'provider.sort-reverse', 'provider.create', 'app.palette']));
    expect(hints).not.toContain('vm.destroy');
  });

  it('VMs list: details and filter; the detail view: its own keys, no list keys', () => {
    expect(commandsOf(hintsFor({name: 'vms'}, null))).toEqual(expect.arrayContaining(['vm.details', 'list.filter', 'vm.destroy']));
    const detail = commandsOf(hintsFor({name: 'vms', detail: 'web-1'}, null));
    expect(detail).toEqual(expect.arrayContaining(['vm.ssh', 'vm.destroy', 'app.back']));
    expect(detail).not.toContain('list.filter');
    expect(detail).not.toContain('list.down');
    expect(detail).not.toContain('vm.details');
  });

  it('Streams: filter; Wallet: no filter, no sort', () => {
    expect(commandsOf(hintsFor({name: 'streams'}, null))).toContain('list.filter');
    const wallet = commandsOf(hintsFor({name: 'wallet'}, null));
    expect(wallet).not.toContain('list.filter');
    expect(wallet).not.toContain('provider.sort');
  });

  it('destroy asks for the typed name: Enter and Esc, not y/n', () => {
    const hints = commandsOf(hintsFor({name: 'vms'}, {name: 'confirm-vm-action', action: 'destroy', vmName: 'web-1'}));
    expect(hints).toEqual(['form.submit', 'modal.close']);
    expect(commandsOf(hintsFor({name: 'vms'}, {name: 'confirm-vm-action', action: 'stop', vmName: 'web-1'}))).toContain('confirm.yes');
  });

  it('at 80 columns the line fits, keeps help and quit, and drops screens/refresh/commands first', () => {
    const line = fitHints(hintsFor({name: 'vms'}, null), 79);
    expect(line.length).toBeLessThanOrEqual(79);
    expect(line).toContain('? help');
    expect(line).toContain('q quit');
    expect(line).toContain('d destroy');
    expect(line).not.toContain('screens');
    const wide = fitHints(hintsFor({name: 'vms'}, null), 200);
    expect(wide).toContain('Tab screens');
  });

  it('the App footer changes with the view: VMs list → detail → back', async () => {
    const app = renderApp({initialState: {route: {name: 'vms'}, selection: {providers: {key: null, index: 0}, vms: {key: 'web-1', index: 0}, streams: {key: null, index: 0}, wallet: {key: null, index: 0}}, notice: null}});
    let frame = await waitForFrame(app, 'db-1');
    expect(frame).toContain('i details');
    expect(frame).toContain('/ filter');
    await press(app, 'i');
    frame = await waitForFrame(app, 'SSH command');
    expect(frame).toContain('Esc back');
    expect(frame).not.toContain('/ filter');
    await press(app, keys.escape);
    await waitForFrame(app, 'i details');
  });
});
