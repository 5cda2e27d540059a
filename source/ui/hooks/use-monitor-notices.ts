/**
 * Turns the monitor's events into the notice line (issue 3 item 6): a top-up it sent (`Monitor topped up stream
 * #1 (web-1) +0.0036 ETH`, and the data is refreshed) and its warnings. Passes and lease changes show in the status
 * bar instead.
 */
import {useEffect} from 'react';
import {useMonitor} from '../app/monitor-context.js';
import {useNavigation} from '../app/navigation-context.js';
import {useRefreshSignal} from '../app/refresh-context.js';
import type {Notice} from '../app/router.js';
import type {MonitorEvent} from '../../services/types.js';
import {formatEthAmount} from '../format-cells.js';

/** The notice for `event`, or null when it belongs on the status bar only. */
export function monitorNotice(event: MonitorEvent): Notice | null {
  const label = (streamId: bigint | null, vmName: string | null) =>
    streamId === null ? (vmName ?? 'a stream') : `stream #${streamId}${vmName ? ` (${vmName})` : ''}`;
  switch (event.type) {
    case 'topped-up':
      return {tone: 'success', text: `Monitor topped up ${label(event.streamId, event.vmName)} +${formatEthAmount(event.amountWei)}.`};
    case 'warning':
      return {tone: 'warning', text: `Monitor: ${event.message}`, ...(event.streamId === null && event.vmName === null ? {} : {hint: `About ${label(event.streamId, event.vmName)}.`})};
    default:
      return null;
  }
}

/** Subscribes to the monitor's events while mounted. */
export function useMonitorNotices(): void {
  const monitor = useMonitor();
  const {notify} = useNavigation();
  const {refresh} = useRefreshSignal();
  useEffect(() => {
    if (!monitor) return;
    return monitor.onEvent((event) => {
      const notice = monitorNotice(event);
      if (notice) notify(notice);
      if (event.type === 'topped-up') refresh();
    });
  }, [monitor, notify, refresh]);
}
