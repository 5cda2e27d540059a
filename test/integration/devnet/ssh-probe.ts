/**
 * Small ssh2 client helpers for tests that talk to devnet sandboxes: connect with a key, run a command and collect
 * its output and exit status, drive a pty shell until some output appears.
 */
import ssh2 from 'ssh2';
import type {Client as SshClientType, ClientChannel, PseudoTtyOptions} from 'ssh2';

const {Client} = ssh2;

/** Connects to 127.0.0.1:`port` as `username` with `privateKey`; rejects with ssh2's error (e.g. level `client-authentication`). */
export function connectSsh(port: number, privateKey: string, username = 'ubuntu'): Promise<SshClientType> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    client.once('ready', () => resolve(client));
    client.once('error', reject);
    client.connect({host: '127.0.0.1', port, username, privateKey, readyTimeout: 10_000});
  });
}

/** Runs `command` (with a pty when `pty` is given) and resolves with stdout, stderr and the exit status. */
export function execSsh(
  client: SshClientType,
  command: string,
  options: {pty?: PseudoTtyOptions; stdin?: string} = {},
): Promise<{stdout: string; stderr: string; code: number | null; signal: string | null}> {
  return new Promise((resolve, reject) => {
    client.exec(command, options.pty ? {pty: options.pty} : {}, (error, channel) => {
      if (error) return reject(error);
      let stdout = '';
      let stderr = '';
      let code: number | null = null;
      let signal: string | null = null;
      channel.on('data', (data: Buffer) => (stdout += data.toString('utf8')));
      channel.stderr.on('data', (data: Buffer) => (stderr += data.toString('utf8')));
      channel.on('exit', (exitCode: number | null, exitSignal?: string) => {
        code = exitCode;
        signal = exitSignal ?? null;
      });
      channel.on('close', () => resolve({stdout, stderr, code, signal}));
      if (options.stdin !== undefined) channel.end(options.stdin);
    });
  });
}

/** An interactive pty shell: `output` accumulates everything received; `waitFor` resolves when a pattern shows. */
export type ShellProbe = {
  readonly channel: ClientChannel;
  output(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  closed: Promise<void>;
};

/** Opens a pty shell with the given window. */
export function openShell(client: SshClientType, window: PseudoTtyOptions): Promise<ShellProbe> {
  return new Promise((resolve, reject) => {
    client.shell(window, (error, channel) => {
      if (error) return reject(error);
      let output = '';
      channel.on('data', (data: Buffer) => (output += data.toString('utf8')));
      const closed = new Promise<void>((done) => channel.on('close', () => done()));
      const waitFor = async (pattern: RegExp, timeoutMs = 10_000) => {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const match = output.match(pattern);
          if (match) return match;
          if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; got ${JSON.stringify(output)}`);
          await new Promise((r) => setTimeout(r, 25));
        }
      };
      resolve({channel, output: () => output, waitFor, closed});
    });
  });
}
