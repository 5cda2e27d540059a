/**
 * `golem vm forward` (issue 12 item 4): local ports on 127.0.0.1 tunnelled to the VM (`direct-tcpip`, RFC 4254
 * §7.2, what `ssh -L` does) until the signal aborts. Listeners stay up while the SSH connection is re-opened with
 * back-off after a drop, so a client that connects during the gap waits for the tunnel instead of being refused.
 */
import {createServer, type Server, type Socket} from 'node:net';
import {AppError, CancelledError, InvalidInputError, SshConnectError} from '../../errors.js';
import type {ForwardEvent, PortForwardSpec, SshTarget, WithTarget} from '../../services/ports.js';
import type {Ssh2Client} from './ssh-connection.js';

/** Back-off between reconnects: 1 s doubling to 15 s. */
const RETRY_MS = {first: 1_000, max: 15_000};
/** How long a local client waits for the connection to come back before it is closed. */
const WAIT_FOR_CONNECTION_MS = 30_000;

type Listener = {readonly spec: PortForwardSpec; readonly server: Server};

function listen(spec: PortForwardSpec, onSocket: (socket: Socket, spec: PortForwardSpec) => void): Promise<Listener> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => onSocket(socket, spec));
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new InvalidInputError({
          issues: [
            error.code === 'EADDRINUSE'
              ? `Local port ${spec.localPort} is already in use.`
              : `Cannot listen on 127.0.0.1:${spec.localPort}: ${error.message}.`,
          ],
          hint: error.code === 'EACCES' ? 'Ports below 1024 need root; pick a port of 1024 or more.' : 'Pick another local port (LOCAL:REMOTE), or 0 for any free one.',
          cause: error,
        }),
      ),
    );
    // Loopback only: a forward must never expose the VM's port to the local network.
    server.listen(spec.localPort, '127.0.0.1', () => resolve({spec, server}));
  });
}

/** Errors a reconnect cannot fix: refused login, a host key that is not the rental's pin, bad input. */
function isPermanent(error: unknown): boolean {
  return !(error instanceof SshConnectError) && !(error instanceof CancelledError);
}

/**
 * Forwards `specs` until `signal` aborts (see `SshClient.forward`). `connect` opens an authenticated connection for
 * a target (the caller's pin and timeouts); `withTarget` supplies the target (the service's port-move rules).
 *
 * @example
 * await forwardPorts(connect, withTarget, [{localPort: 8080, remoteHost: '127.0.0.1', remotePort: 80}], {signal})
 */
export async function forwardPorts(
  connect: (target: SshTarget, signal: AbortSignal) => Promise<Ssh2Client>,
  withTarget: WithTarget,
  specs: readonly PortForwardSpec[],
  {signal, onEvent = () => {}}: {signal: AbortSignal; onEvent?: ((event: ForwardEvent) => void) | undefined},
): Promise<void> {
  let current: Ssh2Client | undefined;
  const waiting = new Set<() => void>();
  const sockets = new Set<Socket>();

  const tunnel = (socket: Socket, spec: PortForwardSpec) => {
    const client = current;
    if (!client) return;
    socket.pause();
    client.forwardOut('127.0.0.1', socket.remotePort ?? 0, spec.remoteHost, spec.remotePort, (error, stream) => {
      if (error) {
        onEvent({type: 'tunnel-failed', spec, message: error.message});
        return socket.destroy();
      }
      onEvent({type: 'tunnel-opened', spec});
      socket.pipe(stream).pipe(socket);
      socket.resume();
      const close = () => {
        socket.destroy();
        stream.destroy();
      };
      socket.on('error', close);
      stream.on('error', close);
      socket.on('close', () => stream.end());
      stream.on('close', () => socket.end());
    });
  };
  const onSocket = (socket: Socket, spec: PortForwardSpec) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    if (current) return tunnel(socket, spec);
    // Reconnecting: hold the client until the tunnel is back (or give up after a while).
    socket.pause();
    const timer = setTimeout(() => {
      waiting.delete(resume);
      socket.destroy();
    }, WAIT_FOR_CONNECTION_MS);
    const resume = () => {
      clearTimeout(timer);
      tunnel(socket, spec);
    };
    waiting.add(resume);
  };

  const listeners: Listener[] = [];
  try {
    for (const spec of specs) {
      const listener = await listen(spec, onSocket);
      listeners.push(listener);
      const address = listener.server.address();
      onEvent({type: 'listening', spec, localPort: typeof address === 'object' && address ? address.port : spec.localPort});
    }
    let retryMs = RETRY_MS.first;
    let hasConnected = false;
    while (!signal.aborted) {
      let lost: unknown;
      try {
        await withTarget(async (target) => {
          const client = await connect(target, signal);
          current = client;
          hasConnected = true;
          retryMs = RETRY_MS.first;
          onEvent({type: 'connected', host: target.host, port: target.port});
          for (const resume of waiting) resume();
          waiting.clear();
          await new Promise<void>((resolve) => {
            const done = (error?: unknown) => {
              lost ??= error;
              resolve();
            };
            client.on('error', done);
            client.on('close', () => done());
            signal.addEventListener('abort', () => done(), {once: true});
          });
          current = undefined;
          client.end();
        });
      } catch (error) {
        // The first connection's failure is the user's answer; later ones are retried unless permanent.
        if (signal.aborted) break;
        if (!hasConnected || isPermanent(error)) throw error;
        lost = error;
      }
      if (signal.aborted) break;
      onEvent({type: 'connection-lost', message: lost instanceof AppError ? lost.shortMessage : lost instanceof Error ? lost.message : 'the connection closed', retryInMs: retryMs});
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, retryMs);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve(undefined);
        }, {once: true});
      });
      retryMs = Math.min(retryMs * 2, RETRY_MS.max);
    }
  } finally {
    current?.end();
    for (const socket of sockets) socket.destroy();
    await Promise.all(listeners.map(({server}) => new Promise((resolve) => server.close(resolve))));
  }
}
