import {formatEth} from '../lib/format.js';
import {defineCommand} from './command.js';
import {monitorEventLine} from './monitor-event-line.js';
import {withServices} from './with-services.js';
import {writeJsonLine} from './output.js';

/**
 * `golem monitor [--once] [--json]` — the auto top-up monitor in the foreground (reference §8.2 as a CLI daemon):
 * one line per event on stdout (a JSON object per line with `--json`, bigints as decimal strings), settings on
 * stderr. Ctrl-C stops it cleanly (exit 0) and releases the funding lease. `--once` ends after the first pass (or
 * after reporting which process funds, when another one does).
 */
export const monitorCommand = defineCommand({
  path: ['monitor'],
  description: 'Keep running VMs funded: top streams up before they run dry.',
  help: `
  Usage
    $ golem monitor [--once] [--json]

  Every GOLEM_REQUESTOR_STREAM_MONITOR_INTERVAL_SECONDS (default 30) the monitor reads the streams of running
  VMs and tops up those with less than STREAM_MIN_REMAINING_SECONDS of runway to STREAM_TOPUP_TARGET_SECONDS.
  Streams that ran dry are not topped up (that would pay for the idle time). Only one golem process funds at a
  time; the others stand by and take over when it stops.

  Options
    --once   Run one pass and exit
    --json   One JSON object per event (JSON lines)

  Examples
    $ golem monitor
    $ golem monitor --once --json
`,
  flags: {
    once: {type: 'boolean', default: false},
    json: {type: 'boolean', default: false},
  },
  async run(io, {flags}) {
    const settings = io.config().monitor;
    const rule =
      `streams below ${settings.minRemainingSeconds} s of runway are topped up to ${settings.targetSeconds} s` +
      `${settings.spendCapWeiPerDay === null ? '' : `, at most ${formatEth(settings.spendCapWeiPerDay, 8)} per 24 h`}`;
    io.stderr.write(flags.once ? `Monitor, one pass: ${rule}.\n` : `Monitor: every ${settings.intervalSeconds} s, ${rule}. Ctrl-C stops.\n`);
    const controller = new AbortController();
    const stop = () => controller.abort();
    io.signal.addEventListener('abort', stop, {once: true});
    try {
      await withServices(io, (services) =>
        services.runMonitor({
          role: 'monitor',
          signal: controller.signal,
          onEvent: (event) => {
            if (flags.json) writeJsonLine(io, event);
            else io.stdout.write(`${monitorEventLine(event)}\n`);
            if (flags.once && (event.type === 'pass' || event.type === 'standby')) controller.abort();
          },
        }),
      );
    } finally {
      io.signal.removeEventListener('abort', stop);
    }
    return 0;
  },
});
