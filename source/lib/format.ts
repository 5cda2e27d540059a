import {formatFixed18} from './decimal.js';

/**
 * Formats wei as ETH for people: `"0.0123 ETH"` (at most `fractionDigits` fraction digits, rounded down). A positive
 * amount too small to show reads `"< 0.000001 ETH"`, never a misleading `"0 ETH"`.
 */
export function formatEth(wei: bigint, fractionDigits = 6): string {
  const text = formatFixed18(wei, fractionDigits);
  if (wei > 0n && text === '0') return `< 0.${'0'.repeat(Math.max(0, fractionDigits - 1))}1 ETH`;
  return `${text} ETH`;
}

/** Formats a fixed18 USD amount: `"$0.0301"`. */
export function formatUsd(usdFixed18: bigint, fractionDigits = 4): string {
  return `$${formatFixed18(usdFixed18, fractionDigits)}`;
}

/** Formats a duration in seconds as `"1h 02m"`, `"4m 05s"`, `"12s"`; negative or zero gives `"0s"`. */
export function formatDuration(seconds: bigint | number): string {
  const total = Math.max(0, Number(seconds));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = Math.floor(total % 60);
  if (days > 0) return `${days}d ${String(hours).padStart(2, '0')}h`;
  if (hours > 0) return `${hours}h ${String(minutes).padStart(2, '0')}m`;
  if (minutes > 0) return `${minutes}m ${String(secs).padStart(2, '0')}s`;
  return `${secs}s`;
}
