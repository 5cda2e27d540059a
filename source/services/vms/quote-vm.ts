import {InvalidInputError} from '../../errors.js';
import type {ServiceContext} from '../context.js';
import {estimateCost} from '../providers/pricing.js';
import {depositWei} from '../streams/stream-math.js';
import {resolveProvider, type VerifiedProvider} from '../providers/resolve-provider.js';
import type {QuoteVmParameters, VmQuote} from '../services.js';
import {assertHours, assertResources} from './validate-vm-request.js';

export type QuoteVmErrorType = import('../../errors.js').AppError;

/**
 * Prices a rental before anything is paid: the verified provider, the rate in wei/s (native ETH via the ETH/USD
 * price), the deposit for `hours`, the gas bound and the wallet balance. Does not check that the balance suffices
 * (the caller shows the quote either way).
 *
 * Throws `InvalidInputError` (bad resources/hours, provider without complete USD pricing), `NotFoundError`,
 * `ProviderError`, `DiscoveryError`, `ConfigError`, `ChainError`.
 */
export async function quoteVm(
  ctx: ServiceContext,
  parameters: QuoteVmParameters,
): Promise<VmQuote & {provider: VerifiedProvider}> {
  assertResources(parameters.resources);
  assertHours(parameters.hours);
  const {profile, client} = ctx.payments();
  const provider = await resolveProvider(ctx, {
    providerId: parameters.providerId,
    resources: parameters.resources,
    contractAddress: profile.streamPaymentAddress,
  });
  const ethUsd = profile.ethUsdPriceFixed18 ?? (await ctx.prices.getEthUsd());
  const estimate = estimateCost(provider.advert.pricing, parameters.resources, ethUsd);
  if (!estimate) {
    throw new InvalidInputError({
      issues: [`Provider ${provider.advert.providerId} advertises no usable USD prices (missing, junk or zero); the stream rate cannot be computed.`],
      hint: 'Pick a provider whose prices show in `golem vm providers`.',
    });
  }
  await client.verifyChain();
  const [balanceWei, maxGasWei] = await Promise.all([client.getBalance(), client.estimateMaxGasCostWei()]);
  return {
    provider,
    providerId: provider.advert.providerId,
    resources: parameters.resources,
    hours: parameters.hours,
    estimate,
    depositWei: depositWei(estimate.ratePerSecondWei, parameters.hours),
    maxGasWei,
    balanceWei,
  };
}
