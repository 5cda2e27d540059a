/**
 * Providers' names by provider id (issue 13 item 2: "the provider's name, not its id"), for the VMs screen and the
 * VM detail. A VM record keeps only the provider's id and address; the name is the advert's (`/provider/info`,
 * discovery). Every providers list the dashboard loads (the Providers screen) is remembered here; when the VMs
 * screen needs names before one was loaded, it loads the list once itself. Where no name is known, callers fall
 * back to the short id.
 */
import {createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode} from 'react';
import type {ProviderOffer} from '../../services/services.js';
import {useServices} from './services-context.js';

type ProviderNames = {
  readonly names: ReadonlyMap<string, string>;
  readonly remember: (offers: readonly ProviderOffer[]) => void;
  /** Whether a providers list was remembered or asked for (so the VMs screen asks at most once). */
  readonly isRequested: {current: boolean};
};

const ProviderNamesContext = createContext<ProviderNames | null>(null);

/** Holds the names for everything below it. */
export function ProviderNamesProvider({children}: {readonly children?: ReactNode}) {
  const [names, setNames] = useState<ReadonlyMap<string, string>>(() => new Map());
  const isRequested = useRef(false);
  const remember = useCallback((offers: readonly ProviderOffer[]) => {
    isRequested.current = true;
    setNames((current) => {
      let next: Map<string, string> | null = null;
      for (const {advert} of offers) {
        const key = advert.providerId.toLowerCase();
        if (advert.providerName && current.get(key) !== advert.providerName) {
          next ??= new Map(current);
          next.set(key, advert.providerName);
        }
      }
      return next ?? current;
    });
  }, []);
  const value = useMemo(() => ({names, remember, isRequested}), [names, remember]);
  return <ProviderNamesContext.Provider value={value}>{children}</ProviderNamesContext.Provider>;
}

/** Remembers the names in `offers` (a loaded providers list) whenever it changes. */
export function useRememberProviderNames(offers: readonly ProviderOffer[] | undefined): void {
  const remember = useContext(ProviderNamesContext)?.remember;
  useEffect(() => {
    if (offers && remember) remember(offers);
  }, [offers, remember]);
}

/**
 * The known names by lower-case provider id. With `loadIfNeeded`, loads the providers list once (no filters) when
 * none was loaded yet; a failure leaves the names empty (the short ids show).
 */
export function useProviderNames(loadIfNeeded = false): ReadonlyMap<string, string> {
  const context = useContext(ProviderNamesContext);
  const services = useServices();
  useEffect(() => {
    if (!loadIfNeeded || !context || context.isRequested.current) return;
    context.isRequested.current = true;
    const controller = new AbortController();
    services.listProviders({}, controller.signal).then(context.remember, () => {});
    return () => controller.abort();
  }, [loadIfNeeded, context, services]);
  return context?.names ?? EMPTY;
}

const EMPTY: ReadonlyMap<string, string> = new Map();
