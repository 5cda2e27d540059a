import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {App} from '../../../../source/ui/app/app.js';
import type {UiSnapshot} from '../../../../source/ui/app/router.js';
import {forwardsSummary} from '../../../../source/ui/components/forward-list.js';
import {createFakeServices} from '../../../helpers/fake-services.js';
import {keys, press, waitForFrame} from '../../../helpers/render.js';

afterEach(() => cleanup());

const ON_DETAIL: UiSnapshot = {
  route: {name: 'vms', detail: 'web-1'},
  selection: {providers: {key: null, index: 0}, vms: {key: 'web-1', index: 0}, streams: {key: null, index: 0}, wallet: {key: null, index: 0}},
  notice: null,
};

describe('port forwards in the dashboard (issue 12 item 4)', () => {
  it('p in the VM detail adds a forward, listed in the detail and the status bar; P stops it', async () => {
    const services = createFakeServices();
    const app = render(<App services={services} initialState={ON_DETAIL} onHandoff={() => {}} />);
    await waitForFrame(app, 'Port forwards: none (p adds one)');
    await press(app, 'p');
    await waitForFrame(app, 'Forward (LOCAL:REMOTE)');
    // While the field is open, screen keys type into it: `s` does not ask to stop the VM.
    await press(app, 's');
    await press(app, keys.backspace ?? '\u007f');
    for (const character of '8080:80') await press(app, character);
    await press(app, keys.enter);
    const frame = await waitForFrame(app, (text) => text.includes('Port forwards (P stops the newest):') && text.includes('forwards: 127.0.0.1:8080 → web-1:80 (up)'));
    expect(frame).toContain('127.0.0.1:8080 → web-1:80  up');
    expect(frame).not.toContain('Stop web-1?');
    expect((await services.listForwards()).map((entry) => entry.spec)).toEqual([{localPort: 8080, remoteHost: '127.0.0.1', remotePort: 80}]);
    await press(app, 'P');
    await waitForFrame(app, (text) => text.includes('Port forwards: none') && !text.includes('forwards: 127.0.0.1'));
    expect(await services.listForwards()).toEqual([]);
  });

  it('Esc closes the forward field without starting anything', async () => {
    const services = createFakeServices();
    const app = render(<App services={services} initialState={ON_DETAIL} onHandoff={() => {}} />);
    await waitForFrame(app, 'Port forwards: none');
    await press(app, 'p');
    await waitForFrame(app, 'Forward (LOCAL:REMOTE)');
    await press(app, keys.escape);
    await waitForFrame(app, (text) => !text.includes('Forward (LOCAL:REMOTE)'));
    expect(await services.listForwards()).toEqual([]);
  });

  it('summarises forwards for the status bar with their state', () => {
    expect(forwardsSummary([])).toBeNull();
    expect(
      forwardsSummary([
        {id: 1, name: 'web-1', spec: {localPort: 0, remoteHost: '127.0.0.1', remotePort: 80}, localPort: 41234, state: 'reconnecting', message: 'lost'},
        {id: 2, name: 'db-1', spec: {localPort: 5432, remoteHost: 'db.internal', remotePort: 5432}, localPort: 5432, state: 'connected', message: null},
      ]),
    ).toBe('forwards: 127.0.0.1:41234 → web-1:80 (reconnecting), 127.0.0.1:5432 → db-1:db.internal:5432 (up)');
  });
});
