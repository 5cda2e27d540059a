/**
 * The funding lease over real files: one holder at a time, the others see who holds it, a crashed holder's stale
 * lock is taken over, release frees it.
 */
import {mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {createFundingLease} from '../../../../source/adapters/lease/funding-lease.js';

let dir: string;
let lockPath: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'golem-lease-'));
  lockPath = join(dir, 'wallet', 'funding.lock');
});

afterEach(() => rmSync(dir, {recursive: true, force: true}));

describe('createFundingLease', () => {
  it('lets one instance hold it; the other sees the holder; release frees it', async () => {
    const first = createFundingLease({lockPath, staleMs: 6000});
    const second = createFundingLease({lockPath, staleMs: 6000});
    expect(await first.status()).toEqual({state: 'none'});

    const taken = await first.acquire('tui');
    expect(taken).toMatchObject({state: 'self', holder: {pid: process.pid, role: 'tui'}});
    expect(first.isHeld()).toBe(true);
    expect(await first.acquire('tui')).toEqual(taken);
    expect(await second.acquire('monitor')).toEqual({state: 'other', holder: taken.state === 'self' ? taken.holder : null});
    expect(await second.status()).toMatchObject({state: 'other', holder: {role: 'tui'}});
    expect(second.isHeld()).toBe(false);

    await first.release();
    expect(first.isHeld()).toBe(false);
    expect(await second.status()).toEqual({state: 'none'});
    expect(await second.acquire('monitor')).toMatchObject({state: 'self', holder: {role: 'monitor'}});
    await second.release();
  });

  it('takes over the lease of a holder that stopped heartbeating (crashed)', async () => {
    // What a SIGKILLed holder leaves: the lock directory with an old mtime and its holder file.
    mkdirSync(join(dir, 'wallet'), {recursive: true});
    writeFileSync(lockPath, '');
    mkdirSync(`${lockPath}.lock`);
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${lockPath}.lock`, old, old);
    writeFileSync(`${lockPath}.holder.json`, JSON.stringify({pid: 999_999, hostname: 'gone', role: 'api', since: old.toISOString(), heartbeatAt: old.toISOString()}));

    const lease = createFundingLease({lockPath, staleMs: 6000});
    expect(await lease.status()).toEqual({state: 'none'});
    expect(await lease.acquire('monitor')).toMatchObject({state: 'self', holder: {pid: process.pid, role: 'monitor'}});
    await lease.release();
  });

  it('refreshes the heartbeat while held', async () => {
    const lease = createFundingLease({lockPath, staleMs: 3000});
    const taken = await lease.acquire('api');
    await new Promise((resolve) => setTimeout(resolve, 1300));
    const status = await createFundingLease({lockPath, staleMs: 3000}).status();
    expect(status.state).toBe('other');
    if (status.state === 'other' && taken.state === 'self') expect(status.holder.heartbeatAt > taken.holder.heartbeatAt).toBe(true);
    await lease.release();
  });
});
