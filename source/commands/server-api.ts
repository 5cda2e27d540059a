import {ConfigError, InvalidInputError} from '../errors.js';
import {defineCommand} from './command.js';
import {monitorEventLine} from './monitor-event-line.js';
import {withServices} from './with-services.js';

/** Hosts the API server accepts: it has no authentication, so it binds to loopback IPv4 only (design.md). */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost']);

/**
 * `golem server api [--host 127.0.0.1] [--port 8000]` — serves the requestor API of reference §13 (routes in
 * `server-api/api-routes.ts`) on 127.0.0.1 until Ctrl-C, with the auto top-up monitor inside when
 * `GOLEM_REQUESTOR_STREAM_MONITOR_ENABLED` (default true; §8.1) — its events are logged to stderr. Prints
 * `Serving the requestor API on http://127.0.0.1:<port>` on stdout once listening (`--port 0` picks a free port).
 *
 * Throws `InvalidInputError` for a non-loopback host or a bad port, `ConfigError` when the port is taken.
 */
export const serverApiCommand = defineCommand({
  path: ['server', 'api'],
  description: 'Serve the requestor API on 127.0.0.1 (with the top-up monitor).',
  help: `
  Usage
    $ golem server api [--host 127.0.0.1] [--port 8000]

  Routes: GET /  /vms  /streams  /health (JSON). The server has no authentication and binds to
  127.0.0.1 only. The auto top-up monitor runs inside unless GOLEM_REQUESTOR_STREAM_MONITOR_ENABLED=false.

  Options
    --host   Address to bind: 127.0.0.1 only (default)
    --port   TCP port (default 8000; 0 picks a free one)

  Examples
    $ golem server api
    $ golem server api --port 0
`,
  flags: {
    host: {type: 'string', default: '127.0.0.1'},
    port: {type: 'number', default: 8000},
  },
  async run(io, {flags}) {
    if (!LOOPBACK_HOSTS.has(flags.host)) {
      throw new InvalidInputError({
        issues: [`The API server binds to 127.0.0.1 only; refusing host '${flags.host}'.`],
        hint: 'It has no authentication. To reach it from elsewhere, use an SSH tunnel: ssh -L 8000:127.0.0.1:8000 <this machine>.',
      });
    }
    if (!Number.isInteger(flags.port) || flags.port < 0 || flags.port > 65_535) {
      throw new InvalidInputError({issues: [`--port must be a whole number from 0 to 65535, got ${flags.port}.`]});
    }
    const {buildApiServer} = await import('./server-api/api-routes.js');
    const config = io.config();
    return withServices(io, async (services) => {
      const app = buildApiServer(services);
      try {
        await app.listen({host: '127.0.0.1', port: flags.port});
      } catch (error) {
        await app.close();
        const isBusy = (error as {code?: unknown}).code === 'EADDRINUSE';
        throw new ConfigError({
          shortMessage: isBusy ? `Port ${flags.port} on 127.0.0.1 is already in use.` : `Cannot listen on 127.0.0.1:${flags.port}.`,
          hint: 'Choose another port with --port (0 picks a free one).',
          cause: error,
        });
      }
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : flags.port;
      io.stdout.write(`Serving the requestor API on http://127.0.0.1:${port} (Ctrl-C stops).\n`);

      const controller = new AbortController();
      const monitor = config.monitor.enabled
        ? services.runMonitor({
            role: 'api',
            signal: controller.signal,
            onEvent: (event) => io.stderr.write(`${monitorEventLine(event)}\n`),
          })
        : Promise.resolve();
      if (!config.monitor.enabled) io.stderr.write('The auto top-up monitor is disabled (GOLEM_REQUESTOR_STREAM_MONITOR_ENABLED=false).\n');

      await new Promise<void>((resolve) => {
        if (io.signal.aborted) resolve();
        else io.signal.addEventListener('abort', () => resolve(), {once: true});
      });
      controller.abort();
      await app.close();
      await monitor;
      io.stderr.write('API server stopped.\n');
      return 0;
    });
  },
});
