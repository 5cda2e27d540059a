import {getAddress as viemGetAddress, isAddress as viemIsAddress} from 'viem';
import {privateKeyToAddress} from 'viem/accounts';
import {describe, expect, it} from 'vitest';
import {getAddress, isAddress} from '../../../source/lib/address.js';

describe('lib/address', () => {
  it('agrees with viem on 200 random addresses in every case form', () => {
    for (let index = 1; index <= 200; index++) {
      const address = privateKeyToAddress(`0x${index.toString(16).padStart(64, '0')}`);
      for (const form of [address, address.toLowerCase(), `0x${address.slice(2).toUpperCase()}`]) {
        expect(isAddress(form)).toBe(viemIsAddress(form));
        expect(getAddress(form)).toBe(viemGetAddress(form));
      }
    }
  });

  it('refuses a wrong checksum, a short value and non-hex, as viem does', () => {
    const good = '0x0281B792b5491E3548c8Fc17C24A2e0Cb99FbeC2';
    const badChecksum = '0x0281b792b5491E3548c8Fc17C24A2e0Cb99FbeC2';
    for (const value of [badChecksum, '0x1234', '0xZZ81B792b5491E3548c8Fc17C24A2e0Cb99FbeC2', good.slice(2)]) {
      expect(isAddress(value)).toBe(false);
      expect(viemIsAddress(value)).toBe(false);
    }
    for (const value of ['0x1234', '0xZZ81B792b5491E3548c8Fc17C24A2e0Cb99FbeC2', good.slice(2)]) {
      expect(() => getAddress(value)).toThrow(TypeError);
    }
    expect(getAddress(badChecksum)).toBe(good);
    expect(isAddress(good)).toBe(true);
  });
});
