/**
 * Process helpers shared by the benchmarks: the built CLI's path, a temp base dir, running a process to its end
 * and reading a live process's CPU time and resident memory from /proc (Linux).
 */
import {execFileSync, spawn} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';

/** The built CLI (`npm run build` first; `npm run bench` does). */
export const CLI_PATH = resolve('dist/source/cli.js');

/** Throws when the CLI has not been built. */
export function requireBuiltCli(): string {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run \`npm run build\` first (npm run bench does).`);
  return CLI_PATH;
}

/** A fresh temp directory for one benchmark's golem base dir (`GOLEM_REQUESTOR_BASE_DIR`). */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `golem-bench-${prefix}-`));
}

/** Runs `command args` to its end with `env`; resolves with stdout, stderr and the exit code. Never rejects on exit codes. */
export function runProcess(
  command: string,
  args: readonly string[],
  options: {env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number} = {},
): Promise<{stdout: string; stderr: string; exitCode: number}> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe']});
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({stdout, stderr, exitCode: code ?? 128});
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Runs the built CLI with `args`; throws with its stderr when it exits non-zero. */
export async function golem(args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs = 300_000): Promise<string> {
  const result = await runProcess(process.execPath, [requireBuiltCli(), ...args], {env, timeoutMs});
  if (result.exitCode !== 0) throw new Error(`golem ${args.join(' ')} exited ${result.exitCode}: ${result.stderr.trim()}`);
  return result.stdout;
}

/** `USER_HZ`: clock ticks per second of /proc/<pid>/stat's utime/stime (getconf CLK_TCK; 100 on Linux). */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], {encoding: 'utf8'}).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time (user + system) `pid` has used so far, seconds, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15 (1-based).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Resident memory of `pid`, MB (VmRSS from /proc/<pid>/status, 1 MB = 1,048,576 bytes). */
export function residentMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** Waits `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((resolvePromise) => setTimeout(resolvePromise, ms));
