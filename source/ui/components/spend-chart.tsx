/**
 * A horizontal bar chart of spend: one row per label (a day, a VM), a bar scaled to the largest value and the amount
 * in ETH. Fits `width` columns exactly (labels and amounts are cut, never wrapped), so it reads at 80×24.
 */
import {Box, Text} from 'ink';
import {fitToWidth, truncateToWidth} from '../../lib/text-width.js';
import {formatEthAmount} from '../format-cells.js';
import {theme} from '../theme.js';

/** One bar: its label and value in wei. */
export type SpendBar = {readonly label: string; readonly valueWei: bigint};

/** Props of `SpendChart`. */
export type SpendChartProps = {
  readonly title: string;
  readonly bars: readonly SpendBar[];
  /** Total width in columns, title included. */
  readonly width: number;
  /** Columns for the label. @default 10 */
  readonly labelWidth?: number;
};

/** Cells of a bar `valueWei / maxWei` of `width` wide, in eighths (▏…█) so small values still show. */
export function barCells(valueWei: bigint, maxWei: bigint, width: number): string {
  if (maxWei <= 0n || valueWei <= 0n || width <= 0) return '';
  const eighths = Number((valueWei * BigInt(width * 8) + maxWei - 1n) / maxWei);
  const partial = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'][eighths % 8]!;
  return '█'.repeat(Math.floor(eighths / 8)) + partial;
}

/** The chart. An empty list draws "nothing spent". */
export function SpendChart({title, bars, width, labelWidth = 10}: SpendChartProps) {
  const max = bars.reduce((top, bar) => (bar.valueWei > top ? bar.valueWei : top), 0n);
  const amounts = bars.map((bar) => formatEthAmount(bar.valueWei));
  const amountWidth = Math.max(0, ...amounts.map((amount) => amount.length));
  const barWidth = Math.max(1, width - labelWidth - amountWidth - 2);
  return (
    <Box flexDirection="column" width={width}>
      <Text color={theme.text.secondary}>{truncateToWidth(title, width)}</Text>
      {bars.length === 0 || max === 0n ? <Text color={theme.text.secondary}>nothing spent</Text> : null}
      {max === 0n
        ? null
        : bars.map((bar, index) => (
            <Text key={bar.label} wrap="truncate-end">
              {fitToWidth(truncateToWidth(bar.label, labelWidth), labelWidth)}
              {' '}
              <Text color={theme.text.accent}>{fitToWidth(barCells(bar.valueWei, max, barWidth), barWidth)}</Text>
              {' '}
              {amounts[index]!.padStart(amountWidth)}
            </Text>
          ))}
    </Box>
  );
}
