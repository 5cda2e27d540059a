/** The live price of the create form: ETH and USD per hour, the deposit for the chosen hours, and the wallet. */
import {Box, Text} from 'ink';
import {formatUsd} from '../../lib/format.js';
import type {VmQuote} from '../../services/services.js';
import {theme} from '../theme.js';
import {ErrorBanner} from './error-banner.js';
import {formatEthAmount} from '../format-cells.js';

/** Props of `QuoteSummary`. */
export type QuoteSummaryProps = {
  readonly quote: VmQuote | undefined;
  readonly error: unknown;
  readonly isLoading: boolean;
};

/** `Price 0.0000123 ETH/h ($0.0301/h)` / `Deposit …` / a warning when the wallet cannot pay. */
export function QuoteSummary({quote, error, isLoading}: QuoteSummaryProps) {
  if (error) return <ErrorBanner error={error} prefix="No price" />;
  if (!quote) {
    return <Text color={theme.text.secondary}>{isLoading ? 'Price: asking the provider…' : 'Price: fill in valid resources and hours.'}</Text>;
  }
  const requiredWei = quote.depositWei + quote.maxGasWei;
  return (
    <Box flexDirection="column">
      <Text>
        {`Price    ${formatEthAmount(quote.estimate.weiPerHour)}/h  (${formatUsd(quote.estimate.usdPerHour)}/h)`}
      </Text>
      <Text>{`Deposit  ${formatEthAmount(quote.depositWei)} for ${quote.hours} h  (wallet ${formatEthAmount(quote.balanceWei)})`}</Text>
      {quote.balanceWei < requiredWei ? (
        <Text color={theme.status.warning}>
          {`The wallet cannot pay ${formatEthAmount(requiredWei)} (deposit + gas); fund it first.`}
        </Text>
      ) : null}
    </Box>
  );
}
