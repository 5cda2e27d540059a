import {isAddressEqual, zeroAddress} from 'viem';
import {ConfigError, InvalidInputError} from '../../errors.js';
import type {ServiceContext} from '../context.js';
import {estimateCost} from '../providers/pricing.js';
import {depositWei, ratePerSecondWei, SECONDS_PER_HOUR} from '../streams/stream-math.js';
import {TOKEN_PAYMENT_TRANSACTIONS} from '../streams/fund-check.js';
import {resolveProvider, type VerifiedProvider} from '../providers/resolve-provider.js';
import type {QuoteToken, QuoteVmParameters, VmQuote} from '../services.js';
import {assertHours, assertResources} from './validate-vm-request.js';
import {readWithChainCheck} from '../streams/checked-read.js';

export type QuoteVmErrorType = import('../../errors.js').AppError;

/**
 * Prices a rental before anything is paid: the verified provider, the rate in wei/s (native ETH via the ETH/USD
 * price), the deposit for `hours`, the gas bound and the wallet balance. Does not check that the balance suffices
 * (the caller shows the quote either way).
 *
 * ERC20 mode (reference §6.7): when the provider's `/provider/info` names the payments network's token, the rate
 * and deposit are in that token (`floor(usdPerMonth × 10^decimals / (GLM/USD × 2,628,000))`, decimals and symbol
 * read from the token), `token` carries the token and the wallet's token balance, and the gas bound covers approve
 * + createStream. GLM/USD comes from the profile (GOLEM_REQUESTOR_GLM_USD_PRICE, the devnet's) or `ctx.tokenPrices`.
 *
 * Throws `InvalidInputError` (bad resources/hours, provider without complete USD pricing), `NotFoundError`,
 * `ProviderError`, `DiscoveryError`, `ConfigError` (token mode without a GLM/USD price), `ChainError`.
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
    tokenAddress: profile.glmTokenAddress,
  });
  const ethUsd = profile.ethUsdPriceFixed18 ?? (await ctx.prices.getEthUsd());
  const estimate = estimateCost(provider.advert.pricing, parameters.resources, ethUsd);
  if (!estimate) {
    throw new InvalidInputError({
      issues: [`Provider ${provider.advert.providerId} advertises no usable USD prices (missing, junk or zero); the stream rate cannot be computed.`],
      hint: 'Pick a provider whose prices show in `golem vm providers`.',
    });
  }
  const [balanceWei, oneGasWei] = await readWithChainCheck(client, () => Promise.all([client.getBalance(), client.estimateMaxGasCostWei()]));
  const quote = {provider, providerId: provider.advert.providerId, resources: parameters.resources, hours: parameters.hours, ethUsdFixed18: ethUsd};
  const tokenAddress = provider.info.glmTokenAddress;
  if (isAddressEqual(tokenAddress, zeroAddress)) {
    return {...quote, estimate, depositWei: depositWei(estimate.ratePerSecondWei, parameters.hours), maxGasWei: oneGasWei, balanceWei, token: null};
  }
  const [info, balance, tokenUsdFixed18] = await Promise.all([
    client.getTokenInfo(tokenAddress),
    client.getTokenBalance(tokenAddress),
    tokenUsd(ctx),
  ]);
  const token: QuoteToken = {...info, balance};
  const rate = ratePerSecondWei({usdPerMonthFixed18: estimate.usdPerMonth, tokenUsdFixed18, decimals: info.decimals});
  return {
    ...quote,
    estimate: {...estimate, ratePerSecondWei: rate, weiPerHour: rate * SECONDS_PER_HOUR},
    depositWei: depositWei(rate, parameters.hours),
    maxGasWei: oneGasWei * TOKEN_PAYMENT_TRANSACTIONS,
    balanceWei,
    token,
  };
}

/** GLM/USD (fixed18 per whole token): the profile's fixed price, else the context's price source. */
async function tokenUsd(ctx: ServiceContext): Promise<bigint> {
  const fixed = ctx.payments().profile.glmUsdPriceFixed18;
  if (fixed !== null) return fixed;
  if (!ctx.tokenPrices) {
    throw new ConfigError({
      shortMessage: 'No GLM/USD price is available to price an ERC20 stream.',
      hint: 'Set GOLEM_REQUESTOR_GLM_USD_PRICE (USD per GLM).',
    });
  }
  return ctx.tokenPrices.getTokenUsd();
}
