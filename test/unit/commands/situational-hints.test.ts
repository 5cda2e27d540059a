/**
 * Each hint the issue found wrong (issue 14 "Hints that are right"), asserted in its situation.
 */
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {situationalHint} from '../../../source/commands/situational-hints.js';
import {ProviderError, RpcUnavailableError, SshConnectError, DiscoveryError} from '../../../source/errors.js';
import {chooseProvider} from '../../../source/services/providers/choose-provider.js';
import type {ProviderOffer} from '../../../source/services/services.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
});

function devnetDir({running}: {running: boolean}): string {
  const dir = mkdtempSync(join(tmpdir(), 'golem-hints-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'devnet'));
  // A live pid (this test's own) or one that cannot exist.
  if (running) writeFileSync(join(dir, 'devnet', 'state.json'), JSON.stringify({pid: process.pid}));
  return join(dir, 'devnet');
}

describe('hints that are true in their situation', () => {
  it('an unreachable RPC on the default profile, with a devnet running in this base dir, points at the devnet profile', () => {
    const error = new RpcUnavailableError({url: 'https://l2.holesky.golemdb.io/rpc'});
    const hint = situationalHint(error, {path: ['wallet'], args: [], paymentsNetwork: 'l2.holesky', devnetDir: devnetDir({running: true})});
    expect(hint).toContain('export GOLEM_REQUESTOR_PAYMENTS_NETWORK=devnet');
    expect(hint).not.toContain('golem devnet up');
    const discovery = new DiscoveryError({url: 'http://x', reason: 'timeout'});
    expect(situationalHint(discovery, {path: ['vm', 'providers'], args: [], paymentsNetwork: 'l2.holesky', devnetDir: devnetDir({running: true})})).toContain('GOLEM_REQUESTOR_PAYMENTS_NETWORK=devnet');
  });

  it('without a running devnet the RPC hint stays (it names the RPC setting and devnet up)', () => {
    const error = new RpcUnavailableError({url: 'https://l2.holesky.golemdb.io/rpc'});
    expect(situationalHint(error, {path: ['wallet'], args: [], paymentsNetwork: 'l2.holesky', devnetDir: devnetDir({running: false})})).toBe(error.hint);
  });

  it('an SSH failure names the VM instead of a literal NAME', () => {
    const error = new SshConnectError({host: '127.0.0.1', port: 2222});
    expect(error.hint).toContain('NAME');
    expect(situationalHint(error, {path: ['vm', 'ssh'], args: ['web-1'], paymentsNetwork: 'devnet', devnetDir: null})).toContain('`golem vm info web-1`');
  });

  it('vm stop on an unreachable provider does not suggest choosing another provider', () => {
    const error = new ProviderError({providerId: '0xabc', reason: 'no answer', hint: 'The provider looks offline; try again later or choose another provider (`golem vm providers`).'});
    const hint = situationalHint(error, {path: ['vm', 'stop'], args: ['web-1'], paymentsNetwork: 'devnet', devnetDir: null})!;
    expect(hint).not.toMatch(/choose another provider/);
    expect(hint).toContain("The VM 'web-1' lives on this provider");
    expect(hint).toContain('golem vm stream terminate');
    // Where a provider is being chosen, "another provider" is the right advice and stays.
    expect(situationalHint(error, {path: ['vm', 'create'], args: ['web-1'], paymentsNetwork: 'devnet', devnetDir: null})).toBe(error.hint);
  });

  it('a provider without room is "no provider fits", not "not found … gone offline"', () => {
    const offer = (name: string, cpu: number): ProviderOffer =>
      ({
        advert: {providerId: `0x${name.padStart(40, '0')}`, providerName: name, resources: {cpu, memory: 1, storage: 10}},
        estimate: {usdPerHour: 1n, usdPerMonth: 730n, ratePerSecondWei: 1n, weiPerHour: 3600n},
      }) as unknown as ProviderOffer;
    expect(() => chooseProvider([offer('a', 1)], {resources: {cpu: 4, memory: 1, storage: 10}})).toThrow(/No provider fits 4 CPU, 1 GB RAM, 10 GB disk: none of 1 advertised provider\(s\) has room/);
    expect(() => chooseProvider([offer('a', 1), offer('ab', 1)], {reference: '0x0', resources: {cpu: 1, memory: 1, storage: 10}})).toThrow(/matches 2 providers/);
    expect(chooseProvider([offer('a', 1), offer('b', 4)], {reference: 'B', resources: {cpu: 1, memory: 1, storage: 10}}).offer.advert.providerName).toBe('b');
    expect(chooseProvider([offer('a', 1), offer('b', 4)], {resources: {cpu: 2, memory: 1, storage: 10}, filters: ['country SE']}).reason).toBe('cheapest of 1 that fit 2 CPU, 1 GB RAM, 10 GB disk, country SE');
  });
});
