import type {ZodType} from 'zod';
import {sanitizeText} from '../../lib/sanitize.js';
import {CancelledError, ProviderError} from '../../errors.js';
import type {ProviderApi, ProviderVm} from '../../services/ports.js';
import {PROVIDER_VM_STATUSES, type VmStatus} from '../../services/types.js';
import {hintFor, readErrorDetail, UNEXPECTED_ERROR, type ErrorDetail} from './provider-errors.js';
import {parseJsonLossless} from './lossless-json.js';
import {
  BodyTooLargeError,
  MAX_BODY_BYTES,
  MAX_RETRY_AFTER_MS,
  readTextLimited,
  retryAfterMs,
  retryIdempotent,
  type AttemptOutcome,
} from '../http-get-json.js';
import {
  AccessBody,
  CreateAcceptedBody,
  JobBody,
  ProviderInfoBody,
  StreamStatusBody,
  VmInfoBody,
  VmListBody,
} from './schemas.js';
import {isRedirectStatus, NO_REDIRECT, redirectRefusal} from '../../lib/no-redirect.js';

/** Where the provider's API listens and how long to wait for it. */
export type CreateProviderApiParameters = {
  /** The advertised provider id (address), used in error messages. */
  readonly providerId: string;
  /** IPv4, IPv6 (with or without brackets) or host name. */
  readonly host: string;
  /** API port: 7466 for real providers, the advertised one for devnet providers. */
  readonly port: number;
  /** Per-request timeout, milliseconds (connect + headers + body): an overall deadline, also for a slow drip. */
  readonly timeoutMs: number;
  /** Extra attempts of a GET after a connection failure, 429 or 502/503/504. @default 2 */
  readonly retries?: number | undefined;
  /** First backoff delay before a retry, milliseconds (doubles, with jitter). @default 250 */
  readonly retryBaseDelayMs?: number | undefined;
  /** Body size limit, bytes; reading stops there. @default 1 MiB */
  readonly maxBodyBytes?: number | undefined;
};

/** A response that came back, whatever its status; `body` is null when the text is empty or not JSON. */
type RawResponse = {readonly status: number; readonly body: unknown; readonly text: string};

/** One attempt: an answer, or a failure worth retrying (`last` is the HTTP answer of a 429/502/503/504). */
type SendOutcome =
  | {readonly kind: 'done'; readonly value: RawResponse}
  | {readonly kind: 'retry'; readonly error: Error; readonly waitMs?: number | undefined; readonly last?: RawResponse};

/** Answers after which a GET is tried again: rate limited, bad gateway, unavailable, gateway timeout. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

const PROVIDER_STATUSES: ReadonlySet<string> = new Set<VmStatus>(PROVIDER_VM_STATUSES);

const OFFLINE_HINT = 'The provider looks offline; try again later or choose another provider (`golem vm providers`).';

/** `http://<host>:<port>/api/v1`, IPv6 literals bracketed. */
function apiBaseUrl(host: string, port: number): string {
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${bracketed}:${port}/api/v1`;
}

function isLoopbackOrUnspecified(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || bare === '0.0.0.0' || bare === '::' || bare.startsWith('127.');
}

/** Maps the provider's status word to ours; states outside its enum (multipass `Starting`, …) are `unknown`. */
function toVmStatus(status: string): VmStatus {
  const lower = status.toLowerCase();
  return PROVIDER_STATUSES.has(lower) ? (lower as VmStatus) : 'unknown';
}

function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as {code?: unknown}).code;
    if (typeof code === 'string') return code;
    current = current instanceof Error ? current.cause : undefined;
  }
  return undefined;
}

/**
 * Builds a client for one provider's HTTP API (reference §4) on the global `fetch`.
 *
 * Every response is zod-checked; wei amounts above 2^53 are kept exact (`parseJsonLossless`); every string is
 * sanitised. Failures throw `ProviderError({providerId, reason, status, hint})` — the provider's `detail`
 * text, the HTTP status (absent when nothing answered) and a next step: which field a 422 rejected, which stream
 * condition a 400 failed, "provider offline" when the connection is refused or times out. An aborted `signal`
 * throws `CancelledError`.
 *
 * Quirks tolerated (reference §14.1 item 17):
 * - `GET /vms/{name}` answering 500 "An unexpected error occurred" while multipass reports a boot state outside
 *   the provider's enum → `{status: 'unknown', resources: {cpu: 0, memory: 0, storage: 0}, sshPort: null}`
 *   instead of an error, so status polling continues (resources are unknown then, not zero; do not store them).
 *   Any other 5xx is an error.
 * - `GET /vms/{name}/access` answering 500 "An unexpected error occurred" for a VM it does not know →
 *   `ProviderError` with status 404; 202 (port not assigned yet), or 200 without a port → `{isReady: false}`.
 *   A loopback/unspecified `ssh_host` (e.g. `localhost`) is replaced by the host we reached the provider at.
 * - `DELETE /vms/{name}` answering 200 `null` (also for unknown names) or 404 → success.
 * - `POST /vms/{name}/start` missing on current providers (404 "Not Found") → `ProviderError` saying so;
 *   `hasStartRoute` learns it beforehand with a GET (405: the POST route exists; 404 "Not Found": it does not).
 * - `GET /vms` lists every tenant's VMs (reference §4.5); entries without a name are kept with name ''.
 * - A provider that creates synchronously (200 VMInfo instead of 202) → `{jobId: '', vmId}`, and
 *   `getJob('')` reports `ready` without a request (the reference's normalisation, §4.2).
 *
 * @example
 * const api = createProviderApi({providerId: advert.providerId, host: advert.ipAddress, port: advert.port, timeoutMs: 10_000});
 * const {jobId} = await api.createVm({name: 'web-1', resources: {cpu: 2, memory: 4, storage: 20}, sshKey, streamId});
 */
export function createProviderApi({
  providerId,
  host,
  port,
  timeoutMs,
  retries = 2,
  retryBaseDelayMs = 250,
  maxBodyBytes = MAX_BODY_BYTES,
}: CreateProviderApiParameters): ProviderApi {
  const baseUrl = apiBaseUrl(host, port);

  function fail(reason: string, status?: number, hint?: string, cause?: unknown): ProviderError {
    return new ProviderError({providerId, reason, status, hint, cause});
  }

  function failFromResponse(action: string, response: RawResponse, detail = readErrorDetail(response.body, response.text)) {
    const text = detail.text || `HTTP ${response.status}`;
    return fail(`could not ${action} (HTTP ${response.status}): ${text}`, response.status, hintFor(response.status, detail));
  }

  /** One request; a failure to get an answer throws `ProviderError`, with `isRetryable` for connection failures. */
  async function sendOnce(
    action: string,
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    options: {body?: string | undefined; signal?: AbortSignal | undefined},
  ): Promise<SendOutcome> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
    try {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        signal,
        headers: options.body === undefined ? {accept: 'application/json'} : {accept: 'application/json', 'content-type': 'application/json'},
        body: options.body,
        ...NO_REDIRECT,
      });
      if (isRedirectStatus(response.status)) {
        await response.body?.cancel();
        throw fail(
          `${redirectRefusal(response)} when trying to ${action}`,
          response.status,
          'A provider must answer at the address it advertises; choose another provider.',
        );
      }
      const text = await readTextLimited(response, maxBodyBytes);
      let body: unknown = null;
      try {
        body = text.trim() === '' ? null : parseJsonLossless(text);
      } catch {
        body = null;
      }
      const raw = {status: response.status, body, text};
      if (RETRYABLE_STATUSES.has(response.status)) {
        const waitMs = response.status === 429 ? retryAfterMs(response.headers.get('retry-after')) : undefined;
        if (waitMs !== undefined && waitMs > MAX_RETRY_AFTER_MS) {
          throw fail(
            `is rate limiting golem (HTTP 429, asks to wait ${Math.ceil(waitMs / 1000)} s) when trying to ${action}`,
            429,
            'Wait a while and try again.',
          );
        }
        return {kind: 'retry', error: failFromResponse(action, raw), waitMs, last: raw};
      }
      return {kind: 'done', value: raw};
    } catch (error) {
      if (error instanceof ProviderError) throw error;
      if (options.signal?.aborted) throw new CancelledError();
      if (error instanceof BodyTooLargeError) {
        throw fail(
          `answered more than ${Math.round(maxBodyBytes / 1024)} KB when trying to ${action}; golem stopped reading`,
          undefined,
          'The provider may be misbehaving; choose another provider.',
          error,
        );
      }
      if (timeout.aborted) {
        throw fail(`did not answer within ${timeoutMs / 1000} s when trying to ${action}`, undefined, OFFLINE_HINT, error);
      }
      const code = networkCode(error);
      const failure = fail(
        `is not reachable at ${baseUrl}${code ? ` (${code})` : ''} when trying to ${action}`,
        undefined,
        OFFLINE_HINT,
        error,
      );
      return {kind: 'retry', error: failure};
    }
  }

  /**
   * Sends a request. GETs (idempotent reads) are retried after a connection failure, 429 (its Retry-After
   * honoured) and 502/503/504, with jittered exponential backoff; POST and DELETE go out exactly once (a retried
   * create could rent twice). A timeout is never retried: `timeoutMs` bounds each call.
   */
  async function send(
    action: string,
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    options: {body?: string; signal?: AbortSignal | undefined} = {},
  ): Promise<RawResponse> {
    if (method !== 'GET') {
      const outcome = await sendOnce(action, method, path, options);
      if (outcome.kind === 'done') return outcome.value;
      if (outcome.last) return outcome.last;
      throw outcome.error;
    }
    return retryIdempotent(
      async (index): Promise<AttemptOutcome<RawResponse>> => {
        const outcome = await sendOnce(action, method, path, options);
        // The last attempt's HTTP answer goes to the caller's own status handling rather than a generic error.
        return outcome.kind === 'retry' && outcome.last && index >= retries ? {kind: 'done', value: outcome.last} : outcome;
      },
      {retries, baseDelayMs: retryBaseDelayMs, signal: options.signal},
    );
  }

  function parse<T>(action: string, schema: ZodType<T>, response: RawResponse): T {
    const parsed = schema.safeParse(response.body);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const where = sanitizeText(issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'unexpected body').slice(0, 200);
    throw fail(
      `answered an unexpected body when trying to ${action} (${where})`,
      response.status,
      'The provider may run an incompatible version; choose another provider.',
      parsed.error,
    );
  }

  function toProviderVm(name: string, body: VmInfoBody): ProviderVm {
    return {
      name: body.name ?? body.id ?? name,
      status: toVmStatus(body.status),
      resources: body.resources,
      sshPort: body.ssh_port ?? null,
    };
  }

  function isUnexpectedError(response: RawResponse): boolean {
    return response.status === 500 && readErrorDetail(response.body, response.text).text === UNEXPECTED_ERROR;
  }

  const vmPath = (name: string, suffix = '') => `/vms/${encodeURIComponent(name)}${suffix}`;

  return {
    baseUrl,

    async getInfo(signal) {
      const action = 'read its provider info';
      const response = await send(action, 'GET', '/provider/info', {signal});
      if (response.status !== 200) throw failFromResponse(action, response);
      const body = parse(action, ProviderInfoBody, response);
      return {
        providerId: body.provider_id,
        streamPaymentAddress: body.stream_payment_address,
        glmTokenAddress: body.glm_token_address,
        ipAddress: body.ip_address || null,
        country: body.country || null,
        platform: body.platform || null,
      };
    },

    async createVm({name, resources, sshKey, streamId}) {
      const action = `create VM '${name}'`;
      // stream_id is a JSON integer that may exceed 2^53: splice its digits in rather than go through a double.
      const rest = JSON.stringify({name, resources: {cpu: resources.cpu, memory: resources.memory, storage: resources.storage}, ssh_key: sshKey});
      const body = `${rest.slice(0, -1)},"stream_id":${streamId.toString()}}`;
      const response = await send(action, 'POST', '/vms?async=true', {body});
      if (response.status === 202) {
        const accepted = parse(action, CreateAcceptedBody, response);
        return {jobId: accepted.job_id, vmId: accepted.vm_id};
      }
      if (response.status === 200 || response.status === 201) {
        const vm = parse(action, VmInfoBody, response);
        return {jobId: '', vmId: vm.id ?? vm.name ?? name};
      }
      throw failFromResponse(action, response);
    },

    async getJob(jobId) {
      if (jobId === '') return {status: 'ready', error: null};
      const action = `read creation job ${jobId}`;
      const response = await send(action, 'GET', `/vms/jobs/${encodeURIComponent(jobId)}`);
      if (response.status === 404) {
        const detail = readErrorDetail(response.body, response.text);
        throw fail(
          `does not know creation job ${jobId} (HTTP 404): ${detail.text || 'not found'}`,
          404,
          'The provider may have restarted; check the VM with `golem vm info NAME`.',
        );
      }
      if (response.status !== 200) throw failFromResponse(action, response);
      const job = parse(action, JobBody, response);
      return {status: job.status, error: job.error ?? null};
    },

    async listVms(signal) {
      const action = 'list its VMs';
      const response = await send(action, 'GET', '/vms', {signal});
      if (response.status !== 200) throw failFromResponse(action, response);
      return parse(action, VmListBody, response).map((body) => toProviderVm(body.name ?? body.id ?? '', body));
    },

    async getVm(name, signal) {
      const action = `read the status of VM '${name}'`;
      const response = await send(action, 'GET', vmPath(name), {signal});
      if (response.status === 200) return toProviderVm(name, parse(action, VmInfoBody, response));
      // Boot states outside the provider's enum surface as this generic 500 (reference §4.5).
      if (isUnexpectedError(response)) {
        return {name, status: 'unknown', resources: {cpu: 0, memory: 0, storage: 0}, sshPort: null};
      }
      throw failFromResponse(action, response);
    },

    async getAccess(name) {
      const action = `read SSH access of VM '${name}'`;
      const response = await send(action, 'GET', vmPath(name, '/access'));
      if (response.status === 202) return {isReady: false};
      if (response.status === 200) {
        const access = parse(action, AccessBody, response);
        if (access.ssh_port == null) return {isReady: false};
        const advertised = access.ssh_host?.trim() ?? '';
        const sshHost = advertised === '' || isLoopbackOrUnspecified(advertised) ? host : advertised;
        return {isReady: true, sshHost, sshPort: access.ssh_port};
      }
      // The provider swallows its own 404 here and answers 500 for a VM it does not know (reference §4.6).
      if (response.status === 404 || isUnexpectedError(response)) {
        throw fail(
          `does not know VM '${name}' (HTTP ${response.status} on /access)`,
          404,
          hintFor(404, {text: '', fields: []}),
        );
      }
      throw failFromResponse(action, response);
    },

    async hasStartRoute(name) {
      const action = `check that it can start VM '${name}'`;
      // FastAPI answers a GET on a POST-only route 405 and a path no route matches 404 "Not Found" (reference §4.1):
      // this learns whether POST /vms/{name}/start exists without starting anything.
      const response = await send(action, 'GET', vmPath(name, '/start'));
      if (response.status === 405) return true;
      if (response.status === 404 && readErrorDetail(response.body, response.text).text === 'Not Found') return false;
      if (response.status === 200) return true;
      throw failFromResponse(action, response);
    },

    async stopVm(name) {
      const action = `stop VM '${name}'`;
      const response = await send(action, 'POST', vmPath(name, '/stop'));
      if (response.status !== 200) throw failFromResponse(action, response);
      return toProviderVm(name, parse(action, VmInfoBody, response));
    },

    async startVm(name, streamId) {
      const action = `start VM '${name}'`;
      // Our extension: a new stream for the restarted VM, as a JSON integer spliced in like on create.
      const body = streamId === undefined ? undefined : `{"stream_id":${streamId.toString()}}`;
      const response = await send(action, 'POST', vmPath(name, '/start'), {body});
      if (response.status === 200) return toProviderVm(name, parse(action, VmInfoBody, response));
      const detail: ErrorDetail = readErrorDetail(response.body, response.text);
      if ((response.status === 404 || response.status === 405) && /^(Not Found|Method Not Allowed)$/.test(detail.text)) {
        throw fail(
          'cannot start a stopped VM (its API has no POST /vms/{name}/start)',
          response.status,
          'Destroy the VM and create a new one.',
        );
      }
      throw failFromResponse(action, response, detail);
    },

    async deleteVm(name) {
      const action = `delete VM '${name}'`;
      const response = await send(action, 'DELETE', vmPath(name));
      // 200 `null` also for unknown names; a 404 means the same: the VM is gone.
      if ((response.status >= 200 && response.status < 300) || response.status === 404) return;
      throw failFromResponse(action, response);
    },

    async getStream(name) {
      const action = `read the payment stream of VM '${name}'`;
      const response = await send(action, 'GET', vmPath(name, '/stream'));
      if (response.status !== 200) throw failFromResponse(action, response);
      const body = parse(action, StreamStatusBody, response);
      return {
        streamId: body.stream_id,
        chain: body.chain,
        computed: {
          now: body.computed.now,
          remainingSeconds: body.computed.remaining_seconds,
          vestedWei: body.computed.vested_wei,
          withdrawableWei: body.computed.withdrawable_wei,
        },
        isVerified: body.verified,
        reason: body.reason,
      };
    },
  };
}
