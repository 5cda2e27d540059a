import {recordStreamPrice} from '../ledger/record-stream-price.js';
import {isAddressEqual, zeroAddress, type Address} from 'viem';
import {AppError, CancelledError, ConflictError, InsufficientFundsError, InvalidInputError, ProviderError} from '../../errors.js';
import {formatEth} from '../../lib/format.js';
import type {ServiceContext} from '../context.js';
import type {ProviderApi, StreamPaymentClient} from '../ports.js';
import type {CreateVmParameters, CreateVmReturnType} from '../services.js';
import {assertQuoteAffordable} from '../streams/fund-check.js';
import {openStreamFor} from '../streams/open-stream-for.js';
import {terminateQuietly} from '../streams/terminate-quietly.js';
import type {OnProgress, Vm} from '../types.js';
import {quoteVm} from './quote-vm.js';
import {waitUntilReachable} from './wait-until-reachable.js';
import {pinRentalHostKey} from './pin-host-key.js';
import {syncSshConfig} from '../ssh-access/ssh-access.js';
import {assertHours, assertResources, assertVmName} from './validate-vm-request.js';
import {describeError} from '../../lib/json.js';
import {killPoint} from '../../lib/kill-point.js';
import type {Operation} from '../ports.js';
import {vmIntentDetail} from './reconcile-intent.js';
import {assertNameFree, claimName, releaseClaim} from './name-claim.js';

export type CreateVmErrorType =
  | InvalidInputError
  | ConflictError
  | InsufficientFundsError
  | ProviderError
  | import('../../errors.js').NotFoundError
  | import('../../errors.js').ChainError
  | import('../../errors.js').DiscoveryError;

/**
 * Rents a VM: validates everything local (name rule and uniqueness, resources, hours, SSH key) and verifies the
 * provider (advert, `/provider/info` id, contract, chain id, funds) BEFORE paying; then opens the stream (or checks
 * the given one), asks the provider to create the VM (`POST /vms?async=true`), follows the job and the access
 * endpoint until SSH is reachable, logs in once to pin the rental's host key (issue 12), and stores the VM. Every remote side effect is preceded by an operation row
 * (intent), so a crash leaves a record. If the provider fails after this call opened a stream, the stream is
 * terminated at once and the deposit comes back (reference §14.1 item 3 is the bug this avoids).
 *
 * Throws `CreateVmErrorType`.
 *
 * @example
 * const {vm} = await createVm(ctx, {name: 'web-1', providerId: '0xAbc…', resources: {cpu: 1, memory: 1, storage: 10}, hours: 1})
 */
export async function createVm(
  ctx: ServiceContext,
  parameters: CreateVmParameters,
  onProgress: OnProgress = () => {},
): Promise<CreateVmReturnType> {
  const {name, resources, hours, streamId: givenStreamId, signal} = parameters;
  assertVmName(name);
  assertResources(resources);
  if (givenStreamId === undefined) assertHours(hours);
  assertNameFree(ctx, name);
  const key = await ctx.sshKeys.resolveKeyPair();
  onProgress({step: 'key', message: [key.description, ...key.warnings].join('\n  warning: ')});

  onProgress({step: 'verify', message: 'Verifying the provider and pricing'});
  const quote = await quoteVm(ctx, {providerId: parameters.providerId, resources, hours: givenStreamId ? 1 : hours});
  const {client} = ctx.payments();
  const {api, advert} = quote.provider;

  let streamId: bigint;
  let depositWei: bigint | null = null;
  let createTxHash: CreateVmReturnType['createTxHash'] = null;
  const {operations} = ctx.db.repositories;
  let operation: Operation;
  if (givenStreamId === undefined) {
    assertQuoteAffordable(ctx, quote);
    const {provider: _provider, ...plainQuote} = quote;
    if (parameters.confirm && !(await parameters.confirm(plainQuote))) throw new CancelledError({shortMessage: 'Nothing was paid.'});
    if (signal?.aborted) throw new CancelledError({isInterrupt: true, shortMessage: 'Interrupted; nothing was paid.'});
    // The intent row spans the whole rental (stream + VM), so a run killed anywhere in it is found by reconcile; the
    // name is claimed with it, in one IMMEDIATE transaction, before anything is paid (issue 11 item 3).
    operation = claimName(ctx, {name, advert, resources, streamId: null, detail: intentFor(advert, resources, false)});
    killPoint('create:intent', name);
    onProgress({step: 'stream', message: `Opening a payment stream (${hours} h deposit)`});
    try {
      const opened = await openStreamFor(ctx, {
        recipient: advert.providerId,
        depositWei: quote.depositWei,
        ratePerSecondWei: quote.estimate.ratePerSecondWei,
        vmName: name,
        token: quote.token?.address ?? null,
      });
      streamId = opened.streamId;
      depositWei = quote.depositWei;
      createTxHash = opened.txHash;
      recordStreamPrice(ctx, {txHash: opened.txHash, streamId, quote});
    } catch (error) {
      // A stream transaction whose fate is unknown (sent, receipt not seen) keeps the intent (and the name) for reconcile.
      if (!hasUnsettledStreamFor(ctx, name, operation.createdAt)) releaseClaim(ctx, name, operation, describeError(error));
      throw error;
    }
    killPoint('create:stream-mined', name);
    // The claimed row carries the stream from now on, so a destroy of it ends the stream and only ever deletes a
    // provider VM that runs on it.
    ctx.db.transact((repositories) => {
      repositories.operations.update(operation.id, {streamId});
      if (repositories.vms.get(name)?.operationId === operation.id) repositories.vms.update(name, {streamId});
    });
  } else {
    await assertUsableStream(client, givenStreamId, advert.providerId, quote.estimate.ratePerSecondWei);
    streamId = givenStreamId;
    operation = claimName(ctx, {name, advert, resources, streamId, detail: intentFor(advert, resources, true)});
    killPoint('create:intent', name);
  }

  const outcome: ProvisionOutcome = {request: 'not-sent'};
  try {
    if (signal?.aborted) throw new CancelledError({isInterrupt: true});
    const deadlineAt = Date.parse(operation.createdAt) + ctx.timing.createTimeoutMs;
    const vm = await provision(ctx, {api, name, resources, streamId, sshKey: key.publicKey, advert, signal, operation, deadlineAt, outcome}, onProgress);
    const hostKey = await pinRentalHostKey(ctx, {vm, key, signal}, onProgress);
    operations.update(operation.id, {status: 'done'});
    syncSshConfig(ctx);
    return {vm, streamId, depositWei, createTxHash, sshKeyPath: key.privateKeyPath, hostKey};
  } catch (error) {
    if (givenStreamId !== undefined) {
      await dropProviderVm(api, name, streamId, outcome);
      releaseClaim(ctx, name, operation, describeError(error));
      throw error;
    }
    onProgress({step: 'refund', message: 'Ending the stream to get the deposit back'});
    const refund = await terminateQuietly(ctx, streamId, name);
    // A VM the provider accepted — or may have (the request timed out) and that runs on our stream — was never usable
    // and its funding is gone: ask the provider to drop it. One it refused is not ours (the name may be another
    // tenant's), and a local row is dropped only when this operation claimed it (issue 11 item 3).
    await dropProviderVm(api, name, streamId, outcome);
    // A stream that could not be ended keeps the intent (and the name) open: the next run's reconcile ends it.
    if (refund.refundWei !== null) releaseClaim(ctx, name, operation, describeError(error));
    const refunded =
      refund.refundWei === null
        ? `could not be ended; end it with \`golem vm stream terminate --stream-id ${streamId}\`.`
        : `was ended and ${formatEth(refund.refundWei, 8)} (${refund.refundWei} wei) came back to the wallet.`;
    if (error instanceof CancelledError) {
      throw new CancelledError({isInterrupt: true, shortMessage: `Interrupted. The stream ${streamId} ${refunded}`});
    }
    if (error instanceof AppError) {
      throw new ProviderError({
        providerId: advert.providerId,
        reason: `${error.shortMessage.replace(/\.?$/, '.')} The stream ${streamId} ${refunded}`,
        hint: error.hint,
        cause: error,
      });
    }
    throw error;
  }
}

/** Asks the provider for the VM, records it, and waits until SSH is reachable. */
async function provision(
  ctx: ServiceContext,
  {
    api,
    name,
    resources,
    streamId,
    sshKey,
    advert,
    signal,
    operation,
    deadlineAt,
    outcome,
  }: {
    operation: Operation;
    deadlineAt: number;
    outcome: ProvisionOutcome;
    api: ProviderApi;
    name: string;
    resources: CreateVmParameters['resources'];
    streamId: bigint;
    sshKey: string;
    advert: {providerId: Address; ipAddress: string; port: number};
    signal: AbortSignal | undefined;
  },
  onProgress: OnProgress,
): Promise<Vm> {
  const {vms} = ctx.db.repositories;
  onProgress({step: 'create', message: `Asking provider ${advert.providerId} to create '${name}'`});
  let job: {jobId: string; vmId: string};
  outcome.request = 'sent';
  try {
    job = await api.createVm({name, resources, sshKey, streamId});
  } catch (error) {
    // No HTTP answer (timeout, reset): the provider may have created it all the same.
    outcome.request = error instanceof ProviderError && error.status !== undefined ? 'refused' : 'unknown';
    throw error;
  }
  outcome.request = 'accepted';
  outcome.vmId = job.vmId;
  killPoint('create:vm-requested', name);
  ctx.db.transact((repositories) => {
    const claimed = repositories.vms.get(name);
    if (claimed?.operationId === operation.id) repositories.vms.update(name, {vmId: job.vmId, streamId, status: 'creating'});
    if (repositories.streams.get(streamId)) repositories.streams.update(streamId, {vmName: name});
  });
  const access = await waitUntilReachable(ctx, {api, jobId: job.jobId, vmId: job.vmId, signal, deadlineAt}, onProgress);
  killPoint('create:vm-ready', name);
  return vms.update(name, {status: 'running', sshHost: access.sshHost, sshPort: access.sshPort, confirmedAt: new Date().toISOString(), unreachableSince: null, notFoundAt: null});
}

/** How far the create request got: whether the provider may hold a VM of ours that a failure must delete. */
type ProvisionOutcome = {request: 'not-sent' | 'sent' | 'accepted' | 'refused' | 'unknown'; vmId?: string};

/**
 * Deletes at the provider the VM this create asked for, when it is ours: accepted (202), or the request's fate is
 * unknown (timed out) and the provider now has a VM of that name running on our stream. Never throws.
 */
async function dropProviderVm(api: ProviderApi, name: string, streamId: bigint, outcome: ProvisionOutcome): Promise<void> {
  if (outcome.request !== 'accepted' && outcome.request !== 'unknown' && outcome.request !== 'sent') return;
  const vmId = outcome.vmId ?? name;
  try {
    if (outcome.request !== 'accepted') {
      await api.getVm(vmId);
      if ((await api.getStream(vmId)).streamId !== streamId) return;
    }
    await api.deleteVm(vmId);
  } catch {
    // Not found, or unreachable: the ended stream makes the provider stop it (reference §8.3).
  }
}

/** The create intent's detail: the provider's endpoint and the resources, so reconcile can find the VM by name. */
function intentFor(advert: {providerId: Address; ipAddress: string; port: number}, resources: CreateVmParameters['resources'], givenStream: boolean): string {
  return vmIntentDetail({providerId: advert.providerId, providerIp: advert.ipAddress, providerPort: advert.port, resources, givenStream});
}

/** True when a createStream for `vmName` sent since `sinceIso` has not been settled (its receipt was never seen). */
function hasUnsettledStreamFor(ctx: ServiceContext, vmName: string, sinceIso: string): boolean {
  return ctx.db.repositories.operations
    .listSince('create-stream', sinceIso)
    .some((operation) => operation.vmName === vmName && operation.status === 'sent');
}

/**
 * A stream given with `--stream-id` must pay this provider from our wallet at least this VM's rate, be live and
 * have runway left; the reference forwarded any id unchecked (§1.6 g).
 */
async function assertUsableStream(
  client: StreamPaymentClient,
  streamId: bigint,
  providerId: Address,
  ratePerSecondWei: bigint,
): Promise<void> {
  const [stream, now] = await Promise.all([client.getStream(streamId), client.getBlockTimestamp()]);
  const problems: string[] = [];
  if (isAddressEqual(stream.recipient, zeroAddress)) problems.push('it does not exist or was terminated');
  else if (!isAddressEqual(stream.recipient, providerId)) problems.push(`it pays ${stream.recipient}, not this provider`);
  if (!isAddressEqual(stream.sender, zeroAddress) && !isAddressEqual(stream.sender, client.walletAddress)) {
    problems.push(`it was opened by ${stream.sender}, not this wallet`);
  }
  if (stream.halted) problems.push('it is halted');
  if (stream.stopTime <= now) problems.push('it has run out');
  if (stream.ratePerSecond < ratePerSecondWei) {
    problems.push(`it pays ${stream.ratePerSecond} wei/s and this VM costs ${ratePerSecondWei} wei/s`);
  }
  if (problems.length > 0) {
    throw new InvalidInputError({
      issues: [`Stream ${streamId} cannot fund this VM: ${problems.join('; ')}.`],
      hint: 'Leave out --stream-id to open a new stream, or open one with `golem vm stream open`.',
    });
  }
}
