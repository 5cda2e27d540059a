import {isAddressEqual, zeroAddress} from 'viem';
import {InvalidInputError} from '../../errors.js';
import type {ServiceContext} from '../context.js';
import type {TopUpStreamParameters, TopUpStreamReturnType} from '../services.js';
import {assertHours} from '../vms/validate-vm-request.js';
import {assertCanPay} from './fund-check.js';
import {reconcilePayments} from './reconcile-payments.js';
import {describeError} from '../../lib/json.js';

/**
 * Adds funds to a live stream (reference §1.17, `topUp` §7.2): by `hours` at the stream's on-chain rate, or by an
 * exact `amountWei`. Refuses, before paying: streams that are not ours, terminated or halted ones, amounts below
 * one second of rate (`delta=0` on chain), and streams that already ran out — a late top-up pays for the idle gap
 * (§7.4). The operation is recorded before sending; the hash as soon as it is broadcast.
 *
 * Throws `InvalidInputError`, `InsufficientFundsError`, `ContractRevertedError`, `ChainError`.
 */
export async function topUpStream(ctx: ServiceContext, parameters: TopUpStreamParameters): Promise<TopUpStreamReturnType> {
  const {streamId} = parameters;
  const {client} = ctx.payments();
  await client.verifyChain();
  const [stream, now] = await Promise.all([client.getStream(streamId), client.getBlockTimestamp()]);
  const problems: string[] = [];
  if (isAddressEqual(stream.recipient, zeroAddress)) problems.push('it does not exist or was terminated');
  else if (!isAddressEqual(stream.sender, client.walletAddress)) problems.push(`it belongs to ${stream.sender}`);
  else if (stream.halted) problems.push('it is halted');
  else if (stream.stopTime <= now) problems.push('it has already run out, and a top-up now would pay for the idle time since');
  if (problems.length > 0) {
    throw new InvalidInputError({
      issues: [`Stream ${streamId} cannot be topped up: ${problems.join('; ')}.`],
      hint: 'Open a new stream instead (`golem vm stream open`, or create the VM again).',
    });
  }
  let amountWei: bigint;
  if ('hours' in parameters) {
    assertHours(parameters.hours);
    amountWei = stream.ratePerSecond * BigInt(parameters.hours) * 3600n;
  } else {
    amountWei = parameters.amountWei;
  }
  if (amountWei < stream.ratePerSecond) {
    throw new InvalidInputError({issues: [`A top-up must be at least one second of the rate (${stream.ratePerSecond} wei).`]});
  }
  await reconcilePayments(ctx);
  await assertCanPay(client, amountWei);
  const {operations, streams} = ctx.db.repositories;
  const operation = operations.start({kind: 'top-up', vmName: streams.get(streamId)?.vmName ?? null, streamId, detail: `${amountWei} wei`});
  try {
    const result = await client.topUp({
      streamId,
      amountWei,
      onSent: (hash) => operations.update(operation.id, {status: 'sent', txHash: hash}),
    });
    ctx.db.transact((repositories) => {
      const record = repositories.streams.get(streamId);
      if (record) repositories.streams.update(streamId, {depositWei: record.depositWei + amountWei});
      repositories.operations.update(operation.id, {status: 'done', txHash: result.txHash});
    });
    return {streamId, toppedUpWei: amountWei, newStopTime: result.newStopTime, txHash: result.txHash};
  } catch (error) {
    operations.update(operation.id, {status: 'failed', detail: describeError(error)});
    throw error;
  }
}
