/**
 * DNS-rebinding protection for `golem server api` (issue 11 item 8): a web page on another origin can make a browser
 * resolve its own name to 127.0.0.1 and reach this loopback server, but the browser still sends that name in the
 * `Host` header. Only requests addressed to the loopback names with this server's port are answered.
 */
import type {FastifyInstance} from 'fastify';

/** Host names a loopback server answers to. */
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * True when `host` (the `Host` header, case-insensitive) is `127.0.0.1`, `localhost` or `[::1]` with `port`; without
 * a port only when `port` is 80 (HTTP's default, which clients then leave out). Missing or anything else: false.
 *
 * @example
 * isLoopbackHost('localhost:8000', 8000) // true
 * isLoopbackHost('evil.example:8000', 8000) // false
 */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const match = /^(\[[^\]]*\]|[^:]+)(?::(\d+))?$/.exec(host.trim().toLowerCase());
  if (!match || !LOOPBACK_NAMES.has(match[1]!)) return false;
  return match[2] === undefined ? port === 80 : Number(match[2]) === port;
}

/**
 * Adds an `onRequest` hook to `app` that answers 403 `{"detail": …}` to any request whose `Host` is not a loopback
 * name with the port the request arrived on, before any route runs.
 */
export function refuseForeignHosts(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    const port = request.socket.localPort ?? 0;
    if (isLoopbackHost(request.headers.host, port)) return;
    const shown = JSON.stringify(request.headers.host ?? '');
    await reply
      .code(403)
      .header('content-type', 'application/json')
      .send(JSON.stringify({detail: `Host ${shown} is not this server; it answers only http://127.0.0.1:${port} (DNS rebinding protection)`}));
  });
}
