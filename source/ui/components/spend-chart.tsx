/**
 * A horizontal bar chart of spend: one row per label (a day, a VM), a bar scaled to the largest value and the amount
 * in ETH. Fits `width` columns exactly (labels and amounts are cut, never wrapped), so it reads at 80×24.
 */
import {Box, Text} from 'ink';
import {fitToWidth, truncateToWidth} from '../../lib/text-width.js';
import {formatEthAmount} from '../format-cells.js';
import {theme} from '../theme.js';

/**
 * One bar: its label, its length as a share of the largest bar (0…1) and the amount it stands for, already as text.
 * Plain numbers and strings, so React's dev-mode prop logging never meets a bigint inside an array.
 */
export type SpendBar = {readonly label: string; readonly share: number; readonly amount: string};

/** Bars for `values` (wei), each scaled to the largest, amounts in ETH. */
export function spendBars(values: readonly {readonly label: string; readonly valueWei: bigint}[]): SpendBar[] {
  const max = values.reduce((top, value) => (value.valueWei > top ? value.valueWei : top), 0n);
  return values.map(({label, valueWei}) => ({
    label,
    // Eighths of a 1000-cell bar are exact enough for a chart; amounts stay exact in the text.
    share: max === 0n ? 0 : Number((valueWei * 1_000_000n) / max) / 1_000_000,
    amount: formatEthAmount(valueWei),
  }));
}

/** Props of `SpendChart`. */
export type SpendChartProps = {
  readonly title: string;
  readonly bars: readonly SpendBar[];
  /** Total width in columns, title included. */
  readonly width: number;
  /** Columns for the label. @default 10 */
  readonly labelWidth?: number;
};

/** Cells of a bar `share` (0…1) of `width` wide, in eighths (▏…█) so small values still show. */
export function barCells(share: number, width: number): string {
  if (share <= 0 || width <= 0) return '';
  const eighths = Math.max(1, Math.ceil(Math.min(1, share) * width * 8));
  const partial = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'][eighths % 8]!;
  return '█'.repeat(Math.floor(eighths / 8)) + partial;
}

/** The chart. An empty list draws "nothing spent". */
export function SpendChart({title, bars, width, labelWidth = 10}: SpendChartProps) {
  const isEmpty = bars.every((bar) => bar.share <= 0);
  const amounts = bars.map((bar) => bar.amount);
  const amountWidth = Math.max(0, ...amounts.map((amount) => amount.length));
  const barWidth = Math.max(1, width - labelWidth - amountWidth - 2);
  return (
    <Box flexDirection="column" width={width}>
      <Text color={theme.text.secondary}>{truncateToWidth(title, width)}</Text>
      {isEmpty ? <Text color={theme.text.secondary}>nothing spent</Text> : null}
      {isEmpty
        ? null
        : bars.map((bar, index) => (
            <Text key={bar.label} wrap="truncate-end">
              {fitToWidth(truncateToWidth(bar.label, labelWidth), labelWidth)}
              {' '}
              <Text color={theme.text.accent}>{fitToWidth(barCells(bar.share, barWidth), barWidth)}</Text>
              {' '}
              {amounts[index]!.padStart(amountWidth)}
            </Text>
          ))}
    </Box>
  );
}
