/**
 * Files that must be private: created with an exact mode whatever the umask, written atomically, and checked
 * before use (case-30). OpenSSH refuses a private key that group or others can read ("UNPROTECTED PRIVATE KEY
 * FILE"), and a half-written key must never be found by a second process.
 */
import {
  chmodSync,
  closeSync,
  fchmodSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import {basename, dirname, join} from 'node:path';
import {randomBytes} from 'node:crypto';

/** True where POSIX modes mean something (not on Windows, where ACLs decide who reads a file). */
export const hasPosixModes = process.platform !== 'win32';

/** A short note for places where chmod does not stick: Windows ACLs and WSL's /mnt/c (drvfs). */
export const WINDOWS_ACL_NOTE =
  'On WSL keep the key on the Linux filesystem (not under /mnt/c) or mount drvfs with -o metadata; on Windows restrict the file to your user with `icacls <file> /inheritance:r /grant:r %USERNAME%:F`.';

/** `0o600` → `'0600'`. */
export function formatMode(mode: number): string {
  return `0${(mode & 0o777).toString(8).padStart(3, '0')}`;
}

/**
 * Creates `dir` (and parents) and sets `dir` itself to `mode` (default 0700) regardless of the umask.
 * Returns a warning when an existing directory was wider and was narrowed, or could not be narrowed.
 */
export function ensurePrivateDir(dir: string, mode = 0o700): string | undefined {
  mkdirSync(dir, {recursive: true, mode});
  if (!hasPosixModes) return undefined;
  const before = statSync(dir).mode & 0o777;
  if ((before & ~mode) === 0) return undefined;
  try {
    chmodSync(dir, mode);
  } catch (error) {
    return `The directory ${dir} has mode ${formatMode(before)} and chmod failed (${(error as Error).message}). ${WINDOWS_ACL_NOTE}`;
  }
  const after = statSync(dir).mode & 0o777;
  if ((after & ~mode) !== 0) {
    return `The directory ${dir} has mode ${formatMode(after)} and chmod ${formatMode(mode)} did not stick. ${WINDOWS_ACL_NOTE}`;
  }
  return `Narrowed the permissions of ${dir} from ${formatMode(before)} to ${formatMode(mode)}.`;
}

/**
 * Creates `dir` (and missing parents) with `mode` (default 0700) when it does not exist, and leaves an existing
 * directory's mode alone, as OpenSSH does for `~/.ssh`. For files that are private but not secret (known_hosts, the
 * ssh config): narrowing a directory the user chose for them would break whatever else reads it — a host-key pin
 * written into a shared directory made sshd unable to read `authorized_keys` there (issue 12 item 5).
 * Returns true when the directory was created.
 */
export function ensureDirExists(dir: string, mode = 0o700): boolean {
  return mkdirSync(dir, {recursive: true, mode}) !== undefined;
}

function writeTemp(path: string, content: string | Buffer, mode: number): string {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  // `mode` on open is filtered by the umask; fchmod afterwards is not (case-30: umask 022 must still give 0600).
  const fd = openSync(temp, 'wx', mode);
  try {
    if (hasPosixModes) fchmodSync(fd, mode);
    writeFileSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return temp;
}

/**
 * Writes `content` to `path` atomically with exactly `mode`: a temp file in the same directory, fsynced, then
 * renamed over `path`. A reader sees either the old file or the whole new one.
 */
export function writeFileAtomic(path: string, content: string | Buffer, mode: number): void {
  const temp = writeTemp(path, content, mode);
  try {
    renameSync(temp, path);
  } catch (error) {
    unlinkSync(temp);
    throw error;
  }
}

/**
 * Like `writeFileAtomic`, but never replaces an existing `path` (hard link, which fails with EEXIST). Returns
 * false when another process created `path` first: two golem processes generating a key at once both end up
 * using the same key, instead of one of them sending a public key whose private half was overwritten.
 */
export function createFileExclusive(path: string, content: string | Buffer, mode: number): boolean {
  const temp = writeTemp(path, content, mode);
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temp);
  }
}

/**
 * Checks that the private key at `path` is not readable by group/others. With `fix`, narrows it to 0600 (golem's
 * own key); without, only explains the fix (a key the user named is theirs to change). Returns a warning, or
 * undefined when the mode is fine. No-op on Windows, where modes are not meaningful.
 */
export function checkPrivateKeyMode(path: string, {fix}: {fix: boolean}): string | undefined {
  if (!hasPosixModes) return undefined;
  const before = statSync(path).mode & 0o777;
  if ((before & 0o077) === 0) return undefined;
  if (!fix) {
    return `The SSH key ${path} has mode ${formatMode(before)}; OpenSSH refuses keys others can read ("UNPROTECTED PRIVATE KEY FILE"). Fix: chmod 600 ${path}`;
  }
  try {
    chmodSync(path, 0o600);
  } catch (error) {
    return `The SSH key ${path} has mode ${formatMode(before)} and chmod 600 failed (${(error as Error).message}). ${WINDOWS_ACL_NOTE}`;
  }
  const after = statSync(path).mode & 0o777;
  if ((after & 0o077) !== 0) {
    return `The SSH key ${path} has mode ${formatMode(after)} and chmod 600 did not stick; OpenSSH will refuse it. ${WINDOWS_ACL_NOTE}`;
  }
  return `Fixed the permissions of ${path} from ${formatMode(before)} to 0600 (OpenSSH refuses keys others can read).`;
}
