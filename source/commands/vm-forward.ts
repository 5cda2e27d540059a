import {requireVmName} from './arguments.js';
import {defineCommand} from './command.js';
import {toJson} from '../lib/json.js';
import {withServices} from './with-services.js';
import type {ForwardEvent} from '../services/ports.js';

/** One line for a forward event, for people (stderr). */
function describeEvent(name: string, event: ForwardEvent): string | undefined {
  switch (event.type) {
    case 'listening':
      return `Forwarding 127.0.0.1:${event.localPort} → ${name}:${event.spec.remoteHost === '127.0.0.1' ? '' : `${event.spec.remoteHost}:`}${event.spec.remotePort}`;
    case 'connected':
      return `Connected to ${name} (${event.host}:${event.port}). Press Ctrl-C to stop.`;
    case 'connection-lost':
      return `Connection lost (${event.message}); reconnecting in ${Math.round(event.retryInMs / 1000)} s…`;
    case 'tunnel-failed':
      return `The VM refused a connection to ${event.spec.remoteHost}:${event.spec.remotePort}: ${event.message}`;
    case 'tunnel-opened':
      return undefined;
  }
}

/**
 * `golem vm forward NAME LOCAL:REMOTE…` — forwards local ports (127.0.0.1 only) to the VM until Ctrl-C, reconnecting
 * when the connection drops (issue 12 item 4). `--json` prints one JSON object per event, one per line.
 */
export const vmForwardCommand = defineCommand({
  path: ['vm', 'forward'],
  description: 'Forward local ports (127.0.0.1) to a VM until Ctrl-C.',
  help: `
  Usage
    $ golem vm forward NAME LOCAL:REMOTE [LOCAL:REMOTE …]

  Options
    --json  Print one JSON object per event, one per line ({"event": "listening", "local_port": …})

  LOCAL:REMOTE forwards 127.0.0.1:LOCAL here to port REMOTE on the VM; LOCAL:HOST:REMOTE reaches HOST as the VM
  sees it; a single PORT uses it on both sides; LOCAL 0 picks a free port. Local ports listen on 127.0.0.1 only.
  The forward runs until Ctrl-C and reconnects by itself when the connection drops.

  Examples
    $ golem vm forward web-1 8080:80
    $ golem vm forward db-1 5432:5432 6379
`,
  args: [{name: 'NAME'}, {name: 'LOCAL:REMOTE', isVariadic: true}],
  flags: {json: {type: 'boolean', default: false}},
  async run(io, {args, flags}) {
    const name = requireVmName(args, 'golem vm forward NAME LOCAL:REMOTE…');
    return withServices(io, async (services) => {
      await services.forwardPorts({
        name,
        forwards: args.slice(1),
        signal: io.signal,
        onEvent: (event) => {
          if (flags.json) {
            const {type, ...rest} = event;
            const spec = 'spec' in rest ? {local_port: rest.spec.localPort, remote_host: rest.spec.remoteHost, remote_port: rest.spec.remotePort} : {};
            io.stdout.write(`${toJson({
              event: type.replaceAll('-', '_'),
              ...spec,
              ...(event.type === 'listening' ? {local_port: event.localPort} : {}),
              ...(event.type === 'connected' ? {host: event.host, port: event.port} : {}),
              ...(event.type === 'connection-lost' ? {message: event.message, retry_in_ms: event.retryInMs} : {}),
              ...(event.type === 'tunnel-failed' ? {message: event.message} : {}),
            }, 0)}\n`);
          } else {
            const line = describeEvent(name, event);
            if (line) io.stderr.write(`${line}\n`);
          }
        },
      });
      if (!flags.json) io.stderr.write('Stopped forwarding.\n');
      return 0;
    });
  },
});
