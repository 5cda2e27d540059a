import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {BaseError, ContractFunctionRevertedError} from 'viem';
import {describe, expect, it} from 'vitest';
import {streamPaymentAbi} from '../../../../contracts/abi/stream-payment.js';
import {mapChainError, REVERT_HINTS, revertHint} from '../../../../source/adapters/chain/errors.js';
import {ContractRevertedError} from '../../../../source/errors.js';
import {packageRoot} from '../../../../source/lib/package-root.js';

/** Every literal revert string of the contract: `require(…, "x")` and the failure messages passed to helpers. */
function contractRevertStrings(): string[] {
  const source = readFileSync(join(packageRoot(), 'contracts', 'StreamPayment.sol'), 'utf8');
  const found = new Set<string>();
  for (const match of source.matchAll(/require\([^;]*?,\s*"([^"]+)"\s*\)/gs)) found.add(match[1]!);
  for (const match of source.matchAll(/_send(?:Eth|Token)\([^;]*?"([^"]+)"\s*\)/g)) found.add(match[1]!);
  return [...found].sort();
}

describe('revert reasons', () => {
  const reasons = contractRevertStrings();

  it('finds the contract revert strings of reference §7.2', () => {
    expect(reasons).toEqual(
      expect.arrayContaining(['no-stream', 'halted', 'not sender', 'delta=0', 'deposit=0', 'rate=0', 'eth refund failed', 'transferFrom failed']),
    );
  });

  it.each(reasons)('"%s" maps to its own message with a next step', (reason) => {
    expect(REVERT_HINTS[reason], reason).toBeDefined();
    expect(revertHint(reason)).toBe(REVERT_HINTS[reason]);
    expect(revertHint(reason).length).toBeGreaterThan(20);
  });

  it('gives a generic next step for an unknown reason', () => {
    expect(revertHint('something new')).toMatch(/golem vm stream inspect/);
  });

  it('puts the hint on the ContractRevertedError mapped from a viem revert', () => {
    const reverted = new ContractFunctionRevertedError({
      abi: streamPaymentAbi,
      functionName: 'topUp',
      data: ('0x08c379a0' + '0000000000000000000000000000000000000000000000000000000000000020' + '0000000000000000000000000000000000000000000000000000000000000006' + '68616c7465640000000000000000000000000000000000000000000000000000') as `0x${string}`,
    });
    const mapped = mapChainError(new BaseError('call failed', {cause: reverted}), 'topUp');
    expect(mapped).toBeInstanceOf(ContractRevertedError);
    expect((mapped as ContractRevertedError).reason).toBe('halted');
    expect(mapped.shortMessage).toBe('StreamPayment.topUp reverted: halted.');
    expect(mapped.hint).toBe(REVERT_HINTS.halted);
  });
});
