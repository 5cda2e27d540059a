import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {openDatabase} from '../../../../source/adapters/db/database.js';
import type {ChainBinding, Database} from '../../../../source/services/ports.js';

const CONTRACT = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const OLD: ChainBinding = {chainId: 31337, contractAddress: CONTRACT, genesisHash: `0x${'a'.repeat(64)}`};
const NEW: ChainBinding = {chainId: 31337, contractAddress: CONTRACT, genesisHash: `0x${'b'.repeat(64)}`};

function row(streamId: bigint, chain: ChainBinding | null, vmName: string | null) {
  return {
    streamId,
    chainId: 31337,
    contractAddress: CONTRACT as `0x${string}`,
    ...(chain ? {genesisHash: chain.genesisHash} : {}),
    recipient: '0x0000000000000000000000000000000000000001' as `0x${string}`,
    depositWei: 10n ** 18n,
    ratePerSecondWei: 1n,
    vmName,
    status: 'open' as const,
    createTxHash: null,
  };
}

describe('stream rows keyed by chain id, contract, genesis hash and stream id (issue 11 item 6)', () => {
  let directory: string;
  let database: Database;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'golem-streams-'));
    database = openDatabase(join(directory, 'vms.db'));
  });
  afterEach(() => {
    database.close();
    rmSync(directory, {recursive: true, force: true});
  });

  it('a new chain\'s stream 1 does not overwrite the old chain\'s stream 1; binding marks the old one vanished', () => {
    const {streams} = database.repositories;
    streams.upsert(row(1n, OLD, 'old-vm'));
    expect(streams.bindChain(NEW, () => true).map((record) => record.vmName)).toEqual(['old-vm']);
    streams.upsert(row(1n, NEW, 'new-vm'));
    expect(streams.list().map((record) => [record.vmName, record.status, record.genesisHash])).toEqual([
      ['old-vm', 'vanished', OLD.genesisHash],
      ['new-vm', 'open', NEW.genesisHash],
    ]);
    expect(streams.get(1n)?.vmName).toBe('new-vm');
    streams.update(1n, {status: 'terminated'});
    expect(streams.list().map((record) => record.status)).toEqual(['vanished', 'terminated']);
  });

  it('rows recorded before binding are adopted when the chain still has them, else vanished', () => {
    const {streams} = database.repositories;
    streams.upsert(row(1n, null, 'kept'));
    streams.upsert(row(2n, null, 'gone'));
    streams.bindChain(NEW, (record) => record.streamId === 1n);
    expect(streams.list().map((record) => [record.vmName, record.status, record.genesisHash])).toEqual([
      ['kept', 'open', NEW.genesisHash],
      ['gone', 'vanished', ''],
    ]);
  });

  it('operations keep the signed transaction and the chain they were signed for', () => {
    const {operations} = database.repositories;
    const started = operations.start({kind: 'top-up', vmName: 'a', streamId: 1n, detail: null, chain: NEW});
    operations.update(started.id, {status: 'signed', txHash: `0x${'c'.repeat(64)}`, rawTx: '0x02f8', nonce: 7});
    expect(operations.listUnfinished()).toMatchObject([{status: 'signed', rawTx: '0x02f8', nonce: 7, chain: NEW}]);
  });

  it('the scan position is kept per chain and wallet', () => {
    const {chainScans} = database.repositories;
    const key = {...NEW, wallet: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as const};
    expect(chainScans.getLastBlock(key)).toBeNull();
    chainScans.setLastBlock(key, 42n);
    chainScans.setLastBlock(key, 43n);
    expect(chainScans.getLastBlock({...key, wallet: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8'})).toBe(43n);
    expect(chainScans.getLastBlock({...OLD, wallet: key.wallet})).toBeNull();
  });
});
