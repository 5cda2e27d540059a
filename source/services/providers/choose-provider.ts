/**
 * Picks the provider a rental goes to from the offers `listProviders` returned (issue 14, "names where people use
 * names"): by the reference a person typed — the provider's name (case-insensitive), its id, or a unique prefix of
 * its id — or, with no reference, the cheapest offer that fits the spec and stays under `maxUsdPerHour`.
 */
import {AppError, InvalidInputError, NotFoundError} from '../../errors.js';
import type {ProviderOffer} from '../services.js';
import type {Resources} from '../types.js';

/** What `chooseProvider` picked and why (`reason` is shown in the quote: "cheapest of 2 that fit …"). */
export type ChosenProvider = {readonly offer: ProviderOffer; readonly reason: string};

const fits = ({advert}: ProviderOffer, spec: Resources) =>
  advert.resources.cpu >= spec.cpu && advert.resources.memory >= spec.memory && advert.resources.storage >= spec.storage;

const label = ({advert}: ProviderOffer) => `${advert.providerName ?? '(no name)'} ${advert.providerId}`;

/**
 * The offers `reference` names: an exact id (any case), else exact names (case-insensitive), else ids starting with
 * it ("0x" and at least one hex digit, any case). Empty when nothing matches.
 */
export function matchProviders(offers: readonly ProviderOffer[], reference: string): ProviderOffer[] {
  const wanted = reference.trim().toLowerCase();
  const byId = offers.filter(({advert}) => advert.providerId.toLowerCase() === wanted);
  if (byId.length > 0) return byId;
  const byName = offers.filter(({advert}) => advert.providerName?.trim().toLowerCase() === wanted);
  if (byName.length > 0) return byName;
  if (!/^0x[0-9a-f]+$/.test(wanted)) return [];
  return offers.filter(({advert}) => advert.providerId.toLowerCase().startsWith(wanted));
}

/**
 * Chooses the offer for a rental of `resources`. `offers` are sorted cheapest first (as `listProviders` sorts by
 * price) and already filtered by country/platform; `filters` only words the reason.
 *
 * Throws `InvalidInputError` (exit 2) when `reference` matches several providers (they are listed),
 * `NotFoundError` when it matches none or no offer fits the spec and price cap.
 */
export function chooseProvider(
  offers: readonly ProviderOffer[],
  {reference, resources, maxUsdPerHourFixed18, filters = []}: {reference?: string | undefined; resources: Resources; maxUsdPerHourFixed18?: bigint | undefined; filters?: readonly string[]},
): ChosenProvider {
  if (reference !== undefined) {
    const matches = matchProviders(offers, reference);
    if (matches.length > 1) {
      throw new InvalidInputError({
        issues: [`'${reference}' matches ${matches.length} providers: ${matches.map(label).join('; ')}.`],
        hint: 'Give more of the id, or the full name (golem vm providers lists them).',
      });
    }
    const [match] = matches;
    if (!match) {
      throw new NotFoundError({
        entity: 'Provider',
        id: reference,
        hint: 'No advertised provider has this name, id or id prefix right now; `golem vm providers` lists those that do.',
      });
    }
    return {offer: match, reason: `chosen by ${reference.toLowerCase().startsWith('0x') ? 'id' : 'name'}`};
  }
  const fitting = offers.filter((offer) => fits(offer, resources) && offer.estimate !== null);
  const affordable = maxUsdPerHourFixed18 === undefined ? fitting : fitting.filter((offer) => offer.estimate!.usdPerHour <= maxUsdPerHourFixed18);
  const [cheapest] = affordable;
  const spec = `${resources.cpu} CPU, ${resources.memory} GB RAM, ${resources.storage} GB disk`;
  if (!cheapest) {
    const why =
      fitting.length > 0 ? `${fitting.length} fit but cost more than --max-price-per-hour` : `none of ${offers.length} advertised provider(s) has room and a usable price`;
    throw new AppError({
      code: 'NOT_FOUND',
      shortMessage: `No provider fits ${[spec, ...filters].join(', ')}: ${why}.`,
      hint: `Ask for less, widen the filters, or list them with \`golem vm providers --cpu ${resources.cpu} --memory ${resources.memory} --storage ${resources.storage}\`.`,
    });
  }
  return {offer: cheapest, reason: `cheapest of ${affordable.length} that fit ${[spec, ...filters].join(', ')}`};
}
