import type {CopyProgress} from '../services/ports.js';

const MIB = 1024 * 1024;

/** `12.3 MiB` (binary units, as scp and rsync print sizes). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < MIB) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 * MIB) return `${(bytes / MIB).toFixed(1)} MiB`;
  return `${(bytes / 1024 / MIB).toFixed(2)} GiB`;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const whole = Math.max(0, Math.round(seconds));
  const hours = Math.floor(whole / 3600);
  const rest = `${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')}:${String(whole % 60).padStart(2, '0')}`;
  return hours > 0 ? `${hours}:${rest}` : rest;
}

/**
 * One progress line for `golem vm cp` on a terminal: a bar, percent, bytes done of total, rate (MiB/s) and ETA,
 * and the file count. `elapsedMs` is the time since the first byte was planned. Fits `width` columns.
 *
 * @example
 * progressLine({bytesDone: 25 * 2 ** 20, bytesTotal: 50 * 2 ** 20, filesDone: 0, filesTotal: 1, path: 'x'}, 500, 80)
 * // '[##########----------]  50%  25.0 MiB / 50.0 MiB  50.0 MiB/s  ETA 00:01  0/1 files'
 */
export function progressLine(progress: CopyProgress, elapsedMs: number, width: number): string {
  const ratio = progress.bytesTotal === 0 ? 1 : progress.bytesDone / progress.bytesTotal;
  const filled = Math.round(ratio * 20);
  const rate = elapsedMs > 0 ? progress.bytesDone / (elapsedMs / 1000) : 0;
  const eta = rate > 0 ? (progress.bytesTotal - progress.bytesDone) / rate : Number.POSITIVE_INFINITY;
  const line = `[${'#'.repeat(filled)}${'-'.repeat(20 - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}%  ${formatBytes(progress.bytesDone)} / ${formatBytes(progress.bytesTotal)}  ${formatBytes(rate)}/s  ETA ${formatDuration(eta)}  ${progress.filesDone}/${progress.filesTotal} files`;
  return line.length > width - 1 ? line.slice(0, Math.max(0, width - 1)) : line;
}

/**
 * A throttled progress reporter writing one self-overwriting line to `stream` (stderr on a TTY), at most every
 * 100 ms; `finish()` clears the line. Returns undefined when `stream` is not a terminal (no bar in logs).
 */
export function createProgressBar(stream: NodeJS.WriteStream): {onProgress: (progress: CopyProgress) => void; finish: () => void} | undefined {
  if (!stream.isTTY) return undefined;
  const started = Date.now();
  let last = 0;
  let isDrawn = false;
  return {
    onProgress(progress) {
      const now = Date.now();
      if (now - last < 100 && progress.bytesDone < progress.bytesTotal) return;
      last = now;
      isDrawn = true;
      stream.write(`\r\u001B[2K${progressLine(progress, now - started, stream.columns || 80)}`);
    },
    finish() {
      if (isDrawn) stream.write('\r\u001B[2K');
    },
  };
}
