/**
 * VM name claims (issue 11 item 3): a create claims its name with a `creating` row owned by its intent, in one
 * IMMEDIATE transaction, before anything is paid; only the operation that claimed a row may drop it.
 */
import type {Address} from 'viem';
import {ConflictError} from '../../errors.js';
import type {ServiceContext} from '../context.js';
import type {Operation, Repositories} from '../ports.js';
import {newRentalAlias} from '../ssh-access/rental-alias.js';
import type {Resources} from '../types.js';

/** Refuses early (before the provider is even asked) a name another VM row holds; the claim itself is atomic. */
export function assertNameFree(ctx: ServiceContext, name: string): void {
  const existing = ctx.db.repositories.vms.get(name);
  if (existing && existing.status !== 'deleted') throw nameTaken(name, existing.status === 'creating');
}

function nameTaken(name: string, isBeingCreated: boolean): ConflictError {
  return new ConflictError({
    shortMessage: isBeingCreated ? `A VM named '${name}' is being created by another golem run.` : `A VM named '${name}' already exists.`,
    hint: 'Pick another name, or remove the old one with `golem vm destroy`. Nothing was paid.',
  });
}

/**
 * Writes the create intent and claims `name` with a `creating` row owned by it, in one IMMEDIATE transaction, so
 * that of several creates of one name (in any process) exactly one goes on to pay. Throws `ConflictError`.
 */
export function claimName(
  ctx: ServiceContext,
  {name, advert, resources, streamId, detail}: {name: string; advert: {providerId: Address; ipAddress: string; port: number}; resources: Resources; streamId: bigint | null; detail: string},
): Operation {
  return ctx.db.transact((repositories) => {
    const operation = repositories.operations.start({kind: 'create-vm', vmName: name, streamId, detail});
    const isClaimed = repositories.vms.claim({
      name,
      vmId: name,
      providerId: advert.providerId,
      providerIp: advert.ipAddress,
      providerPort: advert.port,
      resources,
      sshHost: null,
      sshPort: null,
      // The rental's own alias: its host key is pinned under it once SSH answers (issue 12, case-31).
      hostKeyAlias: newRentalAlias(name),
      streamId,
      status: 'creating',
      operationId: operation.id,
    });
    // Throwing rolls the intent row back with the claim.
    if (!isClaimed) throw nameTaken(name, repositories.vms.get(name)?.status === 'creating');
    return operation;
  });
}

/** Closes the intent as failed and frees the name, only if the row is still the one this operation claimed. */
export function releaseClaim(ctx: ServiceContext, name: string, operation: Operation, why: string): void {
  ctx.db.transact((repositories) => {
    const row = repositories.vms.get(name);
    if (row?.operationId === operation.id && row.status !== 'running') repositories.vms.delete(name);
    repositories.operations.update(operation.id, {status: 'failed', detail: why});
  });
}

/**
 * Drops VM row `name` only when `operation` (a create) claimed it — by its operation id, or for rows written before
 * claims existed, by the stream it opened — and it never ran. Another run's VM of the same name is never touched.
 */
export function dropOwnRow(repositories: Repositories, operation: Operation, name: string, streamId: bigint | null): void {
  if (operation.kind !== 'create-vm') return;
  const row = repositories.vms.get(name);
  if (!row || row.status === 'running') return;
  const isOwn = row.operationId === operation.id || (row.operationId == null && streamId !== null && row.streamId === streamId);
  if (isOwn) repositories.vms.delete(name);
}

