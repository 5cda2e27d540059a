import {describe, expect, it} from 'vitest';
import {createInitialState, routerReducer, toSnapshot} from '../../../../source/ui/app/router.js';

describe('routerReducer', () => {
  it('starts on Providers with nothing open', () => {
    const state = createInitialState();
    expect(state.route).toEqual({name: 'providers'});
    expect(state.modal).toBeNull();
    expect(state.notice).toBeNull();
  });

  it('cycles screens in tab order both ways', () => {
    let state = createInitialState();
    const names: string[] = [];
    for (let step = 0; step < 4; step++) {
      state = routerReducer(state, {type: 'next-screen'});
      names.push(state.route.name);
    }
    expect(names).toEqual(['vms', 'streams', 'wallet', 'providers']);
    expect(routerReducer(createInitialState(), {type: 'previous-screen'}).route).toEqual({name: 'wallet'});
  });

  it('closes a modal and clears the notice when navigating', () => {
    let state = routerReducer(createInitialState(), {type: 'open-modal', modal: {name: 'help'}});
    state = routerReducer(state, {type: 'notify', notice: {tone: 'info', text: 'hello'}});
    state = routerReducer(state, {type: 'navigate', route: {name: 'vms'}});
    expect(state).toMatchObject({route: {name: 'vms'}, modal: null, notice: null});
  });

  it('keeps selections per screen', () => {
    const state = routerReducer(createInitialState(), {type: 'select', screen: 'vms', selection: {key: 'db-1', index: 1}});
    expect(state.selection.vms).toEqual({key: 'db-1', index: 1});
    expect(state.selection.providers).toEqual({key: null, index: 0});
  });

  it('case-24: round-trips a snapshot through JSON (it crosses the SSH handoff; no bigint in UI state), without the modal', () => {
    let state = routerReducer(createInitialState(), {type: 'navigate', route: {name: 'vms'}});
    state = routerReducer(state, {type: 'select', screen: 'vms', selection: {key: 'web-1', index: 0}});
    state = routerReducer(state, {type: 'open-modal', modal: {name: 'confirm-vm-action', action: 'destroy', vmName: 'web-1'}});
    const snapshot = JSON.parse(JSON.stringify(toSnapshot(state)));
    const resumed = createInitialState(snapshot);
    expect(resumed.route).toEqual({name: 'vms'});
    expect(resumed.selection.vms).toEqual({key: 'web-1', index: 0});
    expect(resumed.modal).toBeNull();
  });
});
