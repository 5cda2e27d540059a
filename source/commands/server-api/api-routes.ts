/**
 * The requestor API (reference §13) as a fastify app over the services facade: `GET /` (pinned message),
 * `GET /vms` (the `vm list --json` rows), and golem's additions `GET /streams` and `GET /health`. Every body is
 * JSON with bigints (wei, stream ids, chain times) as decimal strings. Thin: one facade call per route.
 */
import Fastify, {type FastifyInstance, type FastifyReply} from 'fastify';
import {AppError} from '../../errors.js';
import type {Services} from '../../services/services.js';
import {streamViewJson, vmJson} from '../json-shapes.js';
import {refuseForeignHosts} from './host-check.js';
import {documentJson} from '../output.js';

/** The facade members the API uses (a full `Services` fits). */
export type ApiServices = Pick<Services, 'listVms' | 'listStreams' | 'getFundingStatus'>;

/** Sends `value` as JSON with bigints as decimal strings. */
function sendJson(reply: FastifyReply, statusCode: number, value: unknown): FastifyReply {
  // The same snake_case keys as every `--json` document (issue 14).
  return reply.code(statusCode).type('application/json; charset=utf-8').send(documentJson(value, 0));
}

/** `detail` text for a failed route: the error's short message for an expected error, a generic one for a bug. */
function failure(prefix: string, error: unknown): {detail: string} {
  return error instanceof AppError ? {detail: `${prefix}: ${error.shortMessage}`} : {detail: 'An unexpected error occurred'};
}

/**
 * Builds (does not start) the API app. Routes:
 * - `GET /` → 200 `{"message": "Golem Requestor API"}` (reference §13, pinned);
 * - `GET /vms` → 200 array of VMs as `vm list --json` items; 500 `{"detail": "Failed to retrieve VM list: …"}`;
 * - `GET /streams` → 200 array of `vm stream list --json` items (chain status, or `error` per stream); 500 `{detail}`;
 * - `GET /health` → 200 `{"status": "ok", "funding": {"state": "self"|"other"|"none", "holder"?: {…}}}`.
 * Unknown routes → 404 `{"detail": "Not Found"}` (FastAPI's shape). A request whose `Host` header is not
 * 127.0.0.1/localhost/[::1] with the server's port → 403 `{detail}` before any route (DNS rebinding, host-check.ts).
 *
 * @example
 * const app = buildApiServer(services); await app.listen({host: '127.0.0.1', port: 0})
 */
export function buildApiServer(services: ApiServices): FastifyInstance {
  const app = Fastify({logger: false});
  refuseForeignHosts(app);
  app.get('/', async (_request, reply) => sendJson(reply, 200, {message: 'Golem Requestor API'}));
  app.get('/vms', async (_request, reply) => {
    try {
      return sendJson(reply, 200, (await services.listVms()).map(vmJson));
    } catch (error) {
      return sendJson(reply, 500, failure('Failed to retrieve VM list', error));
    }
  });
  app.get('/streams', async (_request, reply) => {
    try {
      return sendJson(reply, 200, (await services.listStreams()).map(streamViewJson));
    } catch (error) {
      return sendJson(reply, 500, failure('Failed to retrieve streams', error));
    }
  });
  app.get('/health', async (_request, reply) => {
    try {
      return sendJson(reply, 200, {status: 'ok', funding: await services.getFundingStatus()});
    } catch (error) {
      return sendJson(reply, 500, failure('Failed to read the funding status', error));
    }
  });
  app.setNotFoundHandler(async (_request, reply) => sendJson(reply, 404, {detail: 'Not Found'}));
  return app;
}
