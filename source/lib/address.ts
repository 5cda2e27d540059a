/**
 * Ethereum address checks for the start-up path (settings, deployments): the same rules as viem's `isAddress` and
 * `getAddress` (EIP-55 mixed-case checksum) without loading viem, which costs most of a second of start-up
 * (issue 7: `golem vm list` within 2.5× of bare Node). Code past start-up keeps using viem.
 */
import {keccak_256} from '@noble/hashes/sha3';
import type {Address} from 'viem';

/** The zero address (`0x000…0`), which a deployment or setting must never resolve to for payments. */
export const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000' as Address;

const HEX_ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** EIP-55 checksummed form of a 20-byte hex address (any case); no validation beyond the shape. */
function checksum(address: string): Address {
  const lower = address.slice(2).toLowerCase();
  const hash = keccak_256(new TextEncoder().encode(lower));
  let result = '0x';
  for (let index = 0; index < 40; index++) {
    const nibble = (hash[index >> 1]! >> (index % 2 === 0 ? 4 : 0)) & 0x0f;
    result += nibble >= 8 ? lower[index]!.toUpperCase() : lower[index];
  }
  return result as Address;
}

/**
 * True for `0x` + 40 hex digits that are all lower case or correctly EIP-55 checksummed (exactly viem's
 * `isAddress` with `strict: true`, its default, which the settings used before).
 *
 * @example
 * isAddress('0x0281B792b5491E3548c8Fc17C24A2e0Cb99FbeC2') // → true
 */
export function isAddress(value: string): value is Address {
  if (!HEX_ADDRESS.test(value)) return false;
  if (value === value.toLowerCase()) return true;
  return checksum(value) === value;
}

/**
 * The EIP-55 checksummed form of `value` in any letter case (as viem's `getAddress`, which checks the shape only).
 * Throws `TypeError` when `value` is not `0x` + 40 hex digits (callers check with `isAddress` first).
 */
export function getAddress(value: string): Address {
  if (!HEX_ADDRESS.test(value)) throw new TypeError(`Not an address: ${value}`);
  return checksum(value);
}
