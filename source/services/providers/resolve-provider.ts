import {getAddress, isAddress, isAddressEqual, type Address} from 'viem';
import {ConflictError, InvalidInputError, NotFoundError, ProviderError} from '../../errors.js';
import type {ServiceContext} from '../context.js';
import type {ProviderApi} from '../ports.js';
import type {ProviderAdvert, ProviderInfo, Resources} from '../types.js';

/** A provider checked to be safe to pay: the advert, its live `/provider/info`, and an API client. */
export type VerifiedProvider = {
  readonly advert: ProviderAdvert;
  readonly info: ProviderInfo;
  readonly api: ProviderApi;
};

/** Parses a provider id flag into a checksummed address; throws `InvalidInputError`. */
export function parseProviderId(providerId: string): Address {
  if (!isAddress(providerId, {strict: false})) {
    throw new InvalidInputError({
      issues: [`Provider id must be an Ethereum address (0x + 40 hex digits), got '${providerId}'.`],
      hint: 'List providers and their ids with `golem vm providers`.',
    });
  }
  return getAddress(providerId);
}

/**
 * Finds `providerId` in discovery (one query, id compared case-insensitively — reference §14.1 item 16) and checks
 * it can host `resources`. With `verify`, also calls its `/provider/info` and checks, before any payment
 * (design.md money rules): the provider answers with the advertised id; it uses the profile's StreamPayment
 * contract (another contract is refused, not trusted); it streams native ETH, or the payments network's known ERC20
 * token `tokenAddress` (reference §6.7; any other token is refused).
 *
 * Throws `NotFoundError` (not advertised), `ConflictError` (too small: exit 1, not a usage error), `ProviderError` (mismatch, offline),
 * `DiscoveryError`.
 */
export async function resolveProvider(
  ctx: ServiceContext,
  {
    providerId,
    resources,
    contractAddress,
    tokenAddress,
  }: {providerId: string; resources: Resources; contractAddress?: Address; tokenAddress?: Address},
): Promise<VerifiedProvider> {
  const id = parseProviderId(providerId);
  const adverts = await ctx.discovery.findProviders({});
  const advert = adverts.find((candidate) => isAddressEqual(candidate.providerId, id));
  if (!advert) {
    throw new NotFoundError({
      entity: 'Provider',
      id,
      hint: 'It is not advertised right now (it may have gone offline); pick another with `golem vm providers`.',
    });
  }
  const {cpu, memory, storage} = advert.resources;
  if (cpu < resources.cpu || memory < resources.memory || storage < resources.storage) {
    throw new ConflictError({
      shortMessage:
        `Provider ${id} has only ${cpu} CPU, ${memory} GB RAM, ${storage} GB disk free; ` +
        `asked for ${resources.cpu} CPU, ${resources.memory} GB, ${resources.storage} GB.`,
      hint: 'Ask for less, or find a larger provider with `golem vm providers --cpu N --memory GB --storage GB`.',
    });
  }
  const api = ctx.providerApi({providerId: id, host: advert.ipAddress, port: advert.port});
  const info = await api.getInfo();
  if (!isAddressEqual(info.providerId, id)) {
    throw new ProviderError({
      providerId: id,
      reason: `the server at ${api.baseUrl} says it is ${info.providerId}, not the advertised provider.`,
      hint: 'The advert may be spoofed; golem will not pay it. Pick another provider.',
    });
  }
  if (contractAddress && !isAddressEqual(info.streamPaymentAddress, contractAddress)) {
    throw new ProviderError({
      providerId: id,
      reason: `it expects payments on contract ${info.streamPaymentAddress}, not the known deployment ${contractAddress}.`,
      hint: 'golem pays only the known StreamPayment deployment of the payments network; pick another provider.',
    });
  }
  const isKnownToken = tokenAddress !== undefined && BigInt(tokenAddress) !== 0n && isAddressEqual(info.glmTokenAddress, tokenAddress);
  if (BigInt(info.glmTokenAddress) !== 0n && !isKnownToken) {
    throw new ProviderError({
      providerId: id,
      reason: `it wants ERC20 streams in token ${info.glmTokenAddress}, which is not the payments network's stream token (${
        tokenAddress && BigInt(tokenAddress) !== 0n ? tokenAddress : 'none: native ETH only'
      }).`,
      hint: 'golem pays native ETH or the known token of the payments network (GOLEM_REQUESTOR_GLM_TOKEN_ADDRESS); pick another provider.',
    });
  }
  return {advert, info, api};
}
