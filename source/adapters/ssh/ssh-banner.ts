import {connect} from 'node:net';

/**
 * True when an SSH server answers at `host:port`: a TCP connection opens and the server's identification line
 * starts with `SSH-` (RFC 4253 §4.2: the server sends it first) within `timeoutMs`. Sends nothing and closes the
 * socket at once; no key is offered and no host key is read. Never throws: refused, reset, timeout or another
 * protocol give false.
 *
 * @example
 * await sshAnswers('127.0.0.1', 50800, 3000) // → true once sshd is up behind the provider's forwarded port
 */
export function sshAnswers(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let received = '';
    const socket = connect({host, port});
    const finish = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.length >= 4) finish(received.startsWith('SSH-'));
    });
    socket.on('error', () => finish(false));
    socket.on('close', () => finish(received.startsWith('SSH-')));
  });
}
