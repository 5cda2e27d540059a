import {InvalidInputError} from '../../errors.js';
import type {ServiceContext} from '../context.js';
import type {CopyDirection, CopyProgress, CopySummary} from '../ports.js';
import {withSshTarget} from '../vms/ssh-target.js';

/** `golem vm cp SRC DST` parameters: scp-style endpoints, one of them `NAME:path`. */
export type CopyFilesParameters = {
  readonly source: string;
  readonly destination: string;
  /** Copy directories (`-r`). */
  readonly isRecursive: boolean;
  readonly onProgress?: ((progress: CopyProgress) => void) | undefined;
  readonly onNotice?: ((message: string) => void) | undefined;
  readonly signal?: AbortSignal | undefined;
};

/** What a copy did, plus which VM and which way. `elapsedMs` is wall time including the connection. */
export type CopyFilesReturnType = CopySummary & {readonly name: string; readonly direction: CopyDirection; readonly elapsedMs: number};

/** One endpoint of a copy: a local path, or a path on VM `name`. */
export type CopyEndpoint = {readonly vm: string; readonly path: string} | {readonly vm: null; readonly path: string};

/**
 * Reads an scp-style endpoint: `NAME:path` (a VM name, then a colon before any `/`) is remote, `NAME:` is the VM's
 * login directory; anything else is local (write `./a:b` for a local file with a colon).
 *
 * @example
 * parseCopyEndpoint('web-1:site/index.html') // {vm: 'web-1', path: 'site/index.html'}
 * parseCopyEndpoint('./notes.txt')           // {vm: null, path: './notes.txt'}
 */
export function parseCopyEndpoint(text: string): CopyEndpoint {
  const match = /^([a-z0-9][a-z0-9-]*):(.*)$/s.exec(text);
  return match ? {vm: match[1]!, path: match[2]!} : {vm: null, path: text};
}

/**
 * Copies files or directory trees between this machine and a VM over SFTP (issue 12 item 3): exactly one side is
 * `NAME:path`; permission bits are kept; a destination directory receives the source under its own name (scp's
 * rule). The VM's host key must be its rental's pin; a moved port is followed as `vm ssh` does.
 *
 * Throws `InvalidInputError` (both or neither side remote, missing source, a directory without `isRecursive`),
 * `NotFoundError` (no such VM), the SSH errors of `withSshTarget`, `CancelledError` when `signal` aborts.
 *
 * @example
 * await copyFiles(ctx, {source: './site', destination: 'web-1:www', isRecursive: true})
 */
export async function copyFiles(ctx: ServiceContext, parameters: CopyFilesParameters): Promise<CopyFilesReturnType> {
  const source = parseCopyEndpoint(parameters.source);
  const destination = parseCopyEndpoint(parameters.destination);
  if (source.vm !== null && destination.vm !== null) {
    throw new InvalidInputError({
      issues: ['Both SRC and DST are on a VM.'],
      hint: 'Copy through this machine: `golem vm cp a:file ./file && golem vm cp ./file b:file`.',
    });
  }
  if (source.vm === null && destination.vm === null) {
    throw new InvalidInputError({
      issues: ['Neither SRC nor DST names a VM.'],
      hint: 'Write the VM side as NAME:path, e.g. `golem vm cp ./app.tar.gz web-1:` or `golem vm cp web-1:logs/app.log .`.',
    });
  }
  const direction: CopyDirection = destination.vm === null ? 'download' : 'upload';
  const remote = direction === 'upload' ? destination : source;
  const local = direction === 'upload' ? source : destination;
  const name = remote.vm!;
  if (local.path === '') throw new InvalidInputError({issues: ['The local path is empty.'], hint: 'Use `.` for the current directory.'});
  const started = Date.now();
  const summary = await withSshTarget(
    ctx,
    name,
    (target) =>
      ctx.ssh.copy(target, {
        direction,
        localPath: local.path,
        remotePath: remote.path,
        isRecursive: parameters.isRecursive,
        onProgress: parameters.onProgress,
        signal: parameters.signal,
      }),
    {onNotice: parameters.onNotice},
  );
  return {...summary, name, direction, elapsedMs: Date.now() - started};
}
