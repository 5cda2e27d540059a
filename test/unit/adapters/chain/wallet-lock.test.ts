import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {withWalletLock} from '../../../../source/adapters/chain/wallet-lock.js';

let baseDir: string;

beforeEach(() => {
  baseDir = mkdtempSync(join(tmpdir(), 'golem-lock-'));
});

afterEach(() => {
  rmSync(baseDir, {recursive: true, force: true});
});

describe('withWalletLock', () => {
  it('creates the lock file and its directories when missing', async () => {
    const lockPath = join(baseDir, 'wallet', 'nested', 'tx.lock');
    const result = await withWalletLock(lockPath, async () => {
      expect(existsSync(`${lockPath}.lock`)).toBe(true);
      return 42;
    });
    expect(result).toBe(42);
    expect(existsSync(lockPath)).toBe(true);
    expect(existsSync(`${lockPath}.lock`)).toBe(false);
  });

  it('case-21: runs tasks on the same lock one at a time', async () => {
    const lockPath = join(baseDir, 'tx.lock');
    const events: string[] = [];
    const task = (name: string) =>
      withWalletLock(lockPath, async () => {
        events.push(`${name}:start`);
        await new Promise((resolve) => setTimeout(resolve, 50));
        events.push(`${name}:end`);
      });

    await Promise.all([task('a'), task('b'), task('c')]);

    expect(events).toHaveLength(6);
    for (let index = 0; index < events.length; index += 2) {
      expect(events[index]!.split(':')[0]).toBe(events[index + 1]!.split(':')[0]);
    }
  });

  it('releases the lock when the task throws, and re-throws the task error', async () => {
    const lockPath = join(baseDir, 'tx.lock');
    await expect(
      withWalletLock(lockPath, async () => {
        throw new Error('send failed');
      }),
    ).rejects.toThrow('send failed');
    await expect(withWalletLock(lockPath, async () => 'next')).resolves.toBe('next');
  });

  it('fails with a ChainError naming the path when the lock file cannot be created', async () => {
    const notADirectory = join(baseDir, 'plain-file');
    writeFileSync(notADirectory, '');
    const lockPath = join(notADirectory, 'wallet', 'tx.lock');
    await expect(withWalletLock(lockPath, async () => undefined)).rejects.toMatchObject({
      name: 'ChainError',
      shortMessage: `Cannot take the wallet lock ${lockPath}.`,
    });
  });
});
