import {CancelledError, ProviderError} from '../../errors.js';
import type {ServiceContext} from '../context.js';
import type {ProviderApi} from '../ports.js';
import type {OnProgress} from '../types.js';

/**
 * Follows a create job (`GET /vms/jobs/{id}`, failing fast on `failed` — reference §14.1 item 6) and then the
 * access endpoint until it answers 200 with a port (202 means "not yet", §4.6 — the reference stored a null port)
 * and an SSH server answers on that port (its `SSH-` banner: a port forwarded to a VM still booting is not enough).
 * Gives up at `deadlineAt` (unix ms; default `ctx.timing.createTimeoutMs` from now — GOLEM_REQUESTOR_CREATE_DEADLINE_SECONDS).
 *
 * Throws `ProviderError` (job failed, timeout, provider errors), `CancelledError` when `signal` aborts.
 */
export async function waitUntilReachable(
  ctx: ServiceContext,
  {
    api,
    jobId,
    vmId,
    signal,
    deadlineAt,
  }: {api: ProviderApi; jobId: string; vmId: string; signal?: AbortSignal | undefined; deadlineAt?: number | undefined},
  onProgress: OnProgress,
): Promise<{sshHost: string; sshPort: number}> {
  const deadline = deadlineAt ?? Date.now() + ctx.timing.createTimeoutMs;
  let lastState = 'creating';
  onProgress({step: 'boot', message: `Waiting for '${vmId}' to boot`});
  // The job was accepted a moment ago and cannot be done yet: the first poll waits one interval, so a VM that boots
  // within it costs one job request, not two (issue 16 item 1).
  if (jobId) await ctx.sleep(ctx.timing.pollIntervalMs);
  while (Date.now() < deadline) {
    if (signal?.aborted) throw new CancelledError({isInterrupt: true});
    if (jobId) {
      const job = await api.getJob(jobId);
      lastState = job.status;
      if (job.status === 'failed') {
        throw new ProviderError({
          providerId: api.baseUrl,
          reason: `creating '${vmId}' failed: ${job.error ?? 'no reason given'}`,
          hint: 'Try another provider or fewer resources.',
        });
      }
    }
    if (!jobId || lastState === 'ready') {
      const access = await api.getAccess(vmId);
      // `running` means SSH answers, not only that the provider assigned a port (issue 11 item 5).
      if (access.isReady && (await ctx.ssh.answers(access.sshHost, access.sshPort))) return {sshHost: access.sshHost, sshPort: access.sshPort};
      lastState = access.isReady ? `waiting for SSH to answer at ${access.sshHost}:${access.sshPort}` : 'waiting for SSH port';
    }
    await ctx.sleep(ctx.timing.pollIntervalMs);
  }
  throw new ProviderError({
    providerId: api.baseUrl,
    reason: `'${vmId}' was not reachable by the create deadline, ${new Date(deadline).toISOString()} (last state: ${lastState}).`,
    hint: 'The provider may be overloaded; try another provider, or raise GOLEM_REQUESTOR_CREATE_DEADLINE_SECONDS.',
  });
}
