import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {findDeployment} from '../../../source/config/deployments.js';
import {ConfigError} from '../../../source/errors.js';

let directory: string;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'golem-deployments-'));
});
afterEach(() => rmSync(directory, {recursive: true, force: true}));

describe('findDeployment (zod/mini)', () => {
  it("says what is wrong with a malformed deployment file in zod's English words, not a bare 'Invalid input'", () => {
    writeFileSync(join(directory, 'l2.json'), JSON.stringify({StreamPayment: {address: 5}}));
    const found = findDeployment('l2', directory);
    expect(found).toBeInstanceOf(ConfigError);
    expect((found as ConfigError).message).toContain('StreamPayment.address: Invalid input: expected string, received number');
  });

  it('reads the contract and token addresses checksummed, the token defaulting to the zero address (native ETH)', () => {
    writeFileSync(join(directory, 'l2.json'), JSON.stringify({StreamPayment: {address: `0x${'ab'.repeat(20)}`}}));
    expect(findDeployment('l2', directory)).toEqual({
      streamPaymentAddress: '0xABaBaBaBABabABabAbAbABAbABabababaBaBABaB',
      glmTokenAddress: '0x0000000000000000000000000000000000000000',
      path: join(directory, 'l2.json'),
    });
  });
});
