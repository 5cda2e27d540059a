import {InvalidInputError} from '../../errors.js';
import type {ServiceContext} from '../context.js';
import type {ForwardEvent, PortForwardSpec} from '../ports.js';
import {withSshTarget} from '../vms/ssh-target.js';

/** Parameters of `forwardPorts`: the VM, its forwards (`LOCAL:REMOTE` texts or parsed), and how to stop. */
export type ForwardPortsParameters = {
  readonly name: string;
  readonly forwards: readonly (string | PortForwardSpec)[];
  /** Aborting closes the local ports and the connection; the call then resolves. */
  readonly signal: AbortSignal;
  readonly onEvent?: ((event: ForwardEvent) => void) | undefined;
};

function port(text: string, what: string, allowZero: boolean): number {
  const value = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= (allowZero ? 0 : 1) && value <= 65_535)) {
    throw new InvalidInputError({
      issues: [`${what} '${text}' is not a port (${allowZero ? 0 : 1}–65535).`],
      hint: 'Write forwards as LOCAL:REMOTE (e.g. 8080:80), LOCAL:HOST:REMOTE, or one PORT for both.',
    });
  }
  return value;
}

/**
 * Reads a forward like `ssh -L`: `LOCAL:REMOTE` (to 127.0.0.1 on the VM), `LOCAL:HOST:REMOTE` (HOST as the VM
 * resolves it), or `PORT` (the same port on both sides). LOCAL 0 picks a free port. Throws `InvalidInputError`.
 *
 * @example
 * parsePortForward('8080:80') // {localPort: 8080, remoteHost: '127.0.0.1', remotePort: 80}
 */
export function parsePortForward(text: string): PortForwardSpec {
  const parts = text.trim().split(':');
  if (parts.length === 1) return {localPort: port(parts[0]!, 'Port', false), remoteHost: '127.0.0.1', remotePort: port(parts[0]!, 'Port', false)};
  if (parts.length === 2) return {localPort: port(parts[0]!, 'Local port', true), remoteHost: '127.0.0.1', remotePort: port(parts[1]!, 'Remote port', false)};
  if (parts.length === 3 && parts[1]) {
    return {localPort: port(parts[0]!, 'Local port', true), remoteHost: parts[1], remotePort: port(parts[2]!, 'Remote port', false)};
  }
  throw new InvalidInputError({issues: [`'${text}' is not a forward.`], hint: 'Write forwards as LOCAL:REMOTE (e.g. 8080:80) or LOCAL:HOST:REMOTE.'});
}

/**
 * Forwards local ports (127.0.0.1 only) to VM `name` until `signal` aborts (issue 12 item 4), re-opening the SSH
 * connection with back-off when it drops (the listeners stay). The rental's pin and port-move rules apply to every
 * (re)connection. Throws `InvalidInputError` (bad forward, duplicate or busy local port, VM not running),
 * `NotFoundError`, and the first connection's SSH errors; resolves when aborted.
 *
 * @example
 * await forwardPorts(ctx, {name: 'web-1', forwards: ['8080:80'], signal, onEvent: console.error})
 */
export async function forwardPorts(ctx: ServiceContext, parameters: ForwardPortsParameters): Promise<void> {
  const specs = parameters.forwards.map((forward) => (typeof forward === 'string' ? parsePortForward(forward) : forward));
  if (specs.length === 0) throw new InvalidInputError({issues: ['Give at least one forward.'], hint: 'e.g. `golem vm forward web-1 8080:80`.'});
  const used = specs.map((spec) => spec.localPort).filter((localPort) => localPort !== 0);
  const duplicate = used.find((localPort, index) => used.indexOf(localPort) !== index);
  if (duplicate !== undefined) throw new InvalidInputError({issues: [`Local port ${duplicate} is given twice.`]});
  const {name, signal, onEvent} = parameters;
  ctx.db.repositories.vms.require(name);
  await ctx.ssh.forward((use) => withSshTarget(ctx, name, use), specs, {signal, onEvent});
}
