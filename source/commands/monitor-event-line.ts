import {formatEth} from '../lib/format.js';
import {sanitizeText} from '../lib/sanitize.js';
import type {MonitorEvent} from '../services/types.js';

/**
 * One human line for a monitor event (`golem monitor`, `golem server api` logs), e.g.
 * `Streams are funded by pid 4242 (tui) since 2026-11-30T12:00:00.000Z; standing by.`
 */
export function monitorEventLine(event: MonitorEvent): string {
  switch (event.type) {
    case 'funding':
      return `Funding streams from this process (pid ${event.holder.pid}, ${event.holder.role}) since ${event.holder.since}.`;
    case 'standby':
      return `Streams are funded by pid ${event.holder.pid} (${event.holder.role}) since ${sanitizeText(event.holder.since)}; standing by.`;
    case 'pass':
      return `Pass at ${event.at}: ${event.checked} stream(s) checked, ${event.toppedUp} topped up.${event.runway ? ` The wallet ${event.runway}.` : ''}`;
    case 'topped-up':
      return `Topped up stream ${event.streamId}${event.vmName ? ` (VM ${event.vmName})` : ''} by ${formatEth(event.amountWei, 8)} (${event.amountWei} wei); it now runs until ${new Date(Number(event.newStopTime) * 1000).toISOString()}. tx ${event.txHash}`;
    case 'warning':
      return `Warning: ${sanitizeText(event.message)}`;
  }
}
