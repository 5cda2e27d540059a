import {Writable} from 'node:stream';
import {AppError, InvalidInputError} from '../errors.js';
import {sanitizeText} from '../lib/sanitize.js';
import {requireVmName} from './arguments.js';
import {defineCommand, type CommandIo} from './command.js';
import {writeJson, writeLines} from './output.js';
import {withServices} from './with-services.js';

/** Marks the start and end of one sample in the remote script's output. */
const BEGIN = '@@golem-stats-begin';
const END = '@@golem-stats-end';
const DF = '@@golem-stats-df';

/** The raw counters of one sample, each null when the remote could not give it (no /proc, no df, junk). */
export type RawStats = {
  /** Jiffies from the `cpu` line of /proc/stat: all (user … steal) and idle (idle + iowait). */
  readonly cpu: {readonly total: number; readonly idle: number} | null;
  /** Bytes, from /proc/meminfo (used = MemTotal − MemAvailable, or − (MemFree + Buffers + Cached) on old kernels). */
  readonly memory: {readonly usedBytes: number; readonly totalBytes: number} | null;
  /** Bytes of the filesystem holding `/`, from `df -Pk /`. */
  readonly disk: {readonly usedBytes: number; readonly totalBytes: number} | null;
};

/** One sample for people: CPU busy % over the interval since the previous sample (null for the first), memory, disk. */
export type StatsSample = Omit<RawStats, 'cpu'> & {readonly cpuPercent: number | null; readonly at: string};

/**
 * The one remote script `vm stats` runs over one SSH connection (POSIX sh): every `intervalSeconds` it prints the
 * `cpu` line of /proc/stat, the memory lines of /proc/meminfo and `df -Pk /` between marker lines. The first
 * pause is 1 s so the first CPU figure comes quickly. `samples` limits the loop (null: until the connection ends).
 */
export function statsScript({samples, intervalSeconds}: {samples: number | null; intervalSeconds: number}): string {
  const stop = samples === null ? '' : `[ "$n" -ge ${Math.trunc(samples)} ] && break; `;
  return (
    `n=0; while :; do echo ${BEGIN}; head -n 1 /proc/stat 2>/dev/null; ` +
    `grep -E '^(MemTotal|MemAvailable|MemFree|Buffers|Cached):' /proc/meminfo 2>/dev/null; ` +
    `echo ${DF}; df -Pk / 2>/dev/null | tail -n 1; echo ${END}; n=$((n+1)); ${stop}` +
    `if [ "$n" -eq 1 ]; then sleep 1; else sleep ${Math.trunc(intervalSeconds)}; fi; done`
  );
}

const count = (text: string | undefined): number | null => (text !== undefined && /^\d+$/.test(text) ? Number(text) : null);

/** Parses the lines between two markers; anything missing or malformed becomes null (never NaN, never a throw). */
export function parseStatsBlock(block: string): RawStats {
  const lines = block.split('\n').map((line) => line.trim());
  const dfIndex = lines.indexOf(DF);
  const head = dfIndex === -1 ? lines : lines.slice(0, dfIndex);
  const dfLine = dfIndex === -1 ? undefined : lines.slice(dfIndex + 1).find((line) => line !== '');

  let cpu: RawStats['cpu'] = null;
  const cpuFields = head.find((line) => /^cpu\s/.test(line))?.split(/\s+/).slice(1, 9).map(count);
  if (cpuFields && cpuFields.length >= 4 && cpuFields.every((value) => value !== null)) {
    const values = cpuFields as number[];
    cpu = {total: values.reduce((sum, value) => sum + value, 0), idle: values[3]! + (values[4] ?? 0)};
  }

  const meminfo = new Map<string, number>();
  for (const line of head) {
    const match = /^(\w+):\s+(\d+)\s*kB$/i.exec(line);
    if (match) meminfo.set(match[1]!, Number(match[2]) * 1024);
  }
  const totalMemory = meminfo.get('MemTotal');
  const available =
    meminfo.get('MemAvailable') ??
    (meminfo.has('MemFree') ? meminfo.get('MemFree')! + (meminfo.get('Buffers') ?? 0) + (meminfo.get('Cached') ?? 0) : undefined);
  const memory = totalMemory !== undefined && available !== undefined ? {usedBytes: Math.max(0, totalMemory - available), totalBytes: totalMemory} : null;

  // `df -P`: Filesystem 1024-blocks Used Available Capacity Mounted-on — read from the end (names may hold spaces).
  const dfFields = dfLine?.split(/\s+/) ?? [];
  const totalKb = count(dfFields.at(-5));
  const usedKb = count(dfFields.at(-4));
  const disk = totalKb !== null && usedKb !== null ? {usedBytes: usedKb * 1024, totalBytes: totalKb * 1024} : null;
  return {cpu, memory, disk};
}

/** CPU busy percentage between two /proc/stat readings, or null when it cannot be told (first sample, reset counters). */
export function cpuPercent(previous: RawStats['cpu'], current: RawStats['cpu']): number | null {
  if (!previous || !current) return null;
  const total = current.total - previous.total;
  const idle = current.idle - previous.idle;
  if (total <= 0 || idle < 0 || idle > total) return null;
  return (100 * (total - idle)) / total;
}

/**
 * A writable the remote script's stdout is streamed into: it splits the stream at the marker lines (chunks may cut
 * lines anywhere) and calls `onSample` with each parsed sample, the CPU % taken against the previous one.
 */
export function createStatsSink(onSample: (sample: StatsSample) => void, clock: () => Date = () => new Date()): Writable {
  let buffer = '';
  let previous: RawStats['cpu'] = null;
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      buffer += chunk.toString('utf8');
      let end = buffer.indexOf(END);
      while (end !== -1) {
        const begin = buffer.lastIndexOf(BEGIN, end);
        const block = begin === -1 ? '' : buffer.slice(begin + BEGIN.length, end);
        buffer = buffer.slice(end + END.length);
        if (begin !== -1) {
          // Only digits are taken from the block (strict patterns), so nothing remote reaches the terminal.
          const raw = parseStatsBlock(block.replaceAll('\r', ''));
          onSample({cpuPercent: cpuPercent(previous, raw.cpu), memory: raw.memory, disk: raw.disk, at: clock().toISOString()});
          previous = raw.cpu ?? previous;
        }
        end = buffer.indexOf(END);
      }
      // A sender that never prints a marker must not grow the buffer without bound.
      if (buffer.length > 1_000_000) buffer = buffer.slice(-100_000);
      callback();
    },
  });
}

/** Runs a command on the VM (`services.execOnVm` bound to a name), streaming its output. */
export type ExecOnVm = (
  command: string,
  output: {stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream},
) => Promise<{exitCode: number}>;

/**
 * Samples the VM's CPU, memory and disk over one SSH exec (`statsScript`), calling `onSample` as samples arrive.
 * With `samples`, ends after that many; without, runs until the connection ends. Throws `AppError` (code `SSH`) when the
 * remote script fails before giving any sample, and what `exec` throws (SSH errors).
 */
export async function collectStats(
  exec: ExecOnVm,
  {samples, intervalSeconds, onSample}: {samples: number | null; intervalSeconds: number; onSample: (sample: StatsSample) => void},
): Promise<number> {
  let received = 0;
  let stderr = '';
  const sink = createStatsSink((sample) => {
    received += 1;
    onSample(sample);
  });
  const errors = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (stderr.length < 4000) stderr += chunk.toString('utf8');
      callback();
    },
  });
  const command = statsScript({samples, intervalSeconds});
  const {exitCode} = await exec(command, {stdout: sink, stderr: errors});
  if (received === 0 && exitCode !== 0) {
    throw new AppError({
      code: 'SSH',
      shortMessage: `The stats sampler failed on the VM (exit ${exitCode}).`,
      details: sanitizeText(stderr).trim().slice(0, 300) || undefined,
      hint: 'Check the VM answers with `golem vm ssh NAME -- uptime`.',
    });
  }
  return received;
}

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;
const size = (bytes: number) => (bytes >= GIB ? `${(bytes / GIB).toFixed(1)} GiB` : `${(bytes / MIB).toFixed(1)} MiB`);
const usage = (value: {usedBytes: number; totalBytes: number} | null) =>
  value ? `${size(value.usedBytes)} / ${size(value.totalBytes)}${value.totalBytes > 0 ? ` (${((100 * value.usedBytes) / value.totalBytes).toFixed(0)}%)` : ''}` : '—';

/** The sample as lines for people; CPU reads `measuring…` until a second reading exists. */
export function sampleLines(name: string, sample: StatsSample): string[] {
  return [
    `Stats for VM '${name}' at ${sample.at.slice(11, 19)} UTC`,
    `  CPU    : ${sample.cpuPercent === null ? 'measuring…' : `${sample.cpuPercent.toFixed(1)}%`}`,
    `  Memory : ${usage(sample.memory)}`,
    `  Disk   : ${usage(sample.disk)}`,
  ];
}

/** `{name, cpu_percent, memory: {used_bytes, total_bytes}, disk: {…}, at}` for `--json`. */
export function sampleJson(name: string, sample: StatsSample) {
  const pair = (value: {usedBytes: number; totalBytes: number} | null) => value && {used_bytes: value.usedBytes, total_bytes: value.totalBytes};
  return {
    name,
    cpu_percent: sample.cpuPercent === null ? null : Math.round(sample.cpuPercent * 10) / 10,
    memory: pair(sample.memory),
    disk: pair(sample.disk),
    at: sample.at,
  };
}

/**
 * Draws each sample over the previous one when stdout is a TTY (cursor up over the last frame, each line cleared
 * before it is written — no alternate screen, so Ctrl+C leaves the last figures visible); one line per sample
 * otherwise.
 */
export function statsRenderer(io: Pick<CommandIo, 'stdout'>, name: string): (sample: StatsSample) => void {
  let drawn = 0;
  const isTty = Boolean(io.stdout.isTTY);
  return (sample) => {
    const lines = sampleLines(name, sample);
    if (!isTty) {
      io.stdout.write(`${lines.join('  ').replace(/\s+/g, ' ')}\n`);
      return;
    }
    const up = drawn > 0 ? `\u001B[${drawn}A` : '';
    io.stdout.write(`${up}${lines.map((line) => `\u001B[2K${line}\n`).join('')}`);
    drawn = lines.length;
  };
}

/** `golem vm stats NAME` — reference §1.14 over one SSH connection, parsed defensively. */
export const vmStatsCommand = defineCommand({
  path: ['vm', 'stats'],
  description: "Show a VM's CPU, memory and disk use, refreshing.",
  help: `
  Usage
    $ golem vm stats NAME [--interval S] [--once] [--json]

  Options
    --interval  Seconds between samples (whole number, 1–3600; default 2)
    --once      Print one sample and exit
    --json      Print one sample as JSON and exit

  Samples CPU (busy % since the previous sample), memory and disk of / over one SSH connection. On a terminal
  the figures refresh in place until Ctrl+C; when stdout is not a terminal each sample is one line.

  Examples
    $ golem vm stats web-1
    $ golem vm stats web-1 --once
    $ golem vm stats web-1 --json | jq .cpu_percent
`,
  args: [{name: 'NAME'}],
  flags: {
    interval: {type: 'number', default: 2},
    once: {type: 'boolean', default: false},
    json: {type: 'boolean', default: false},
  },
  async run(io, {args, flags}) {
    const name = requireVmName(args, 'golem vm stats NAME');
    const intervalSeconds = flags.interval;
    if (!Number.isInteger(intervalSeconds) || intervalSeconds < 1 || intervalSeconds > 3600) {
      throw new InvalidInputError({issues: [`--interval must be a whole number of seconds from 1 to 3600, got ${intervalSeconds}.`]});
    }
    const isSingle = flags.once || flags.json;
    return withServices(io, async (services) => {
      const exec: ExecOnVm = (command, output) => services.execOnVm(name, command, output);
      if (isSingle) {
        // Two readings one second apart: the CPU figure is the busy share between them.
        let last: StatsSample | null = null;
        await collectStats(exec, {samples: 2, intervalSeconds: 1, onSample: (sample) => (last = sample)});
        const sample: StatsSample = last ?? {cpuPercent: null, memory: null, disk: null, at: new Date().toISOString()};
        if (flags.json) writeJson(io, sampleJson(name, sample));
        else writeLines(io, sampleLines(name, sample));
        return 0;
      }
      if (io.stdout.isTTY) io.stderr.write('Press Ctrl+C to stop.\n');
      await collectStats(exec, {samples: null, intervalSeconds, onSample: statsRenderer(io, name)});
      return 0;
    });
  },
});
