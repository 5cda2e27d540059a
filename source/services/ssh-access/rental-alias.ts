/**
 * Rental aliases: the name a rental's host key is pinned under in golem's known_hosts and the value of OpenSSH's
 * `HostKeyAlias` in every printed command and config (issue 12 item 1, case-31). One per rental, never per
 * `host:port`: providers hand a re-used port to a new VM, and a rental can move to another port.
 */
import {createHash, randomBytes} from 'node:crypto';
import type {Vm} from '../types.js';

/** User the provider's cloud-init authorises the key for (reference §10.2); devnet sandboxes accept only it too. */
export const VM_USER = 'ubuntu';

/** Prefix of every rental alias and of the `Host` names golem writes (`golem-<name>`). */
export const RENTAL_ALIAS_PREFIX = 'golem';

/**
 * A new alias for a rental of `name`: `golem.<name>.<rental id>`, the rental id 8 random hex digits (a new rental of
 * the same name gets a new pin, so an old pin can never make it look "changed").
 *
 * @example
 * newRentalAlias('web-1') // 'golem.web-1.3f9a0c1d'
 */
export function newRentalAlias(name: string): string {
  return `${RENTAL_ALIAS_PREFIX}.${name}.${randomBytes(4).toString('hex')}`;
}

/**
 * The rental alias of `vm`: the stored one, or for a VM recorded before aliases existed one derived from what
 * identifies that rental (provider, provider-side id, creation time), so it is stable across runs.
 */
export function hostKeyAliasOf(vm: Pick<Vm, 'name' | 'vmId' | 'providerId' | 'createdAt' | 'hostKeyAlias'>): string {
  if (vm.hostKeyAlias) return vm.hostKeyAlias;
  const rentalId = createHash('sha256').update(`${vm.providerId}|${vm.vmId}|${vm.createdAt}`).digest('hex').slice(0, 8);
  return `${RENTAL_ALIAS_PREFIX}.${vm.name}.${rentalId}`;
}

/** The OpenSSH `Host` name golem gives VM `name` in its ssh config: `golem-<name>`. */
export function sshHostNameOf(name: string): string {
  return `${RENTAL_ALIAS_PREFIX}-${name}`;
}
