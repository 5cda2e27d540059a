/**
 * The live price quote of the create form: `services.quoteVm` for the current provider, resources and hours,
 * asked only when the input is valid and has been stable for a moment (it reads discovery and the chain).
 */
import type {QuoteVmParameters, VmQuote} from '../../services/services.js';
import {useServices} from '../app/services-context.js';
import {useAsync} from './use-async.js';
import {useDebouncedValue} from './use-debounced-value.js';

/** Wait after the last keystroke before quoting, in ms. */
export const QUOTE_DEBOUNCE_MS = 300;

/** What `useVmQuote` returns. */
export type VmQuoteState = {readonly quote: VmQuote | undefined; readonly error: unknown; readonly isLoading: boolean};

/** Quote for `parameters`; `null` (invalid input) shows no quote. */
export function useVmQuote(parameters: QuoteVmParameters | null): VmQuoteState {
  const services = useServices();
  const key = parameters ? JSON.stringify(parameters) : null;
  const stableKey = useDebouncedValue(key, QUOTE_DEBOUNCE_MS);
  const isCurrent = stableKey !== null && stableKey === key;
  const {data, error, isLoading} = useAsync(
    async () => {
      const requested = stableKey ?? 'null';
      return {key: requested, quote: await services.quoteVm(JSON.parse(requested) as QuoteVmParameters)};
    },
    [services, stableKey],
    {isEnabled: isCurrent},
  );
  if (!isCurrent) return {quote: undefined, error: undefined, isLoading: key !== null};
  // Until the answer for exactly this input arrives, show nothing rather than the previous input's price.
  if (isLoading || error) return {quote: undefined, error: isLoading ? undefined : error, isLoading};
  return {quote: data?.key === key ? data.quote : undefined, error: undefined, isLoading: data?.key !== key};
}
