/**
 * Hands the `Services` facade to the hooks (React context). The UI reaches services only through this; tests
 * put an in-memory implementation here.
 */
import {createContext, useContext, type ReactNode} from 'react';
import type {Services} from '../../services/services.js';

const ServicesContext = createContext<Services | null>(null);

/** Props of `ServicesProvider`. */
export type ServicesProviderProps = {readonly services: Services; readonly children?: ReactNode};

/** Makes `services` available to `useServices()` below it. */
export function ServicesProvider({services, children}: ServicesProviderProps) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

/** The `Services` facade. Throws when used outside a `ServicesProvider` (a bug, not a user error). */
export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices() must be used inside <ServicesProvider>.');
  return services;
}
