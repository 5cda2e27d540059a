/**
 * What the devnet provider's routes share: its identity, capacity and prices, its VMs, and its view of the chain.
 */
import type {Address} from 'viem';
import type {StreamReader} from './stream-checks.js';
import type {VmResources} from './validation.js';
import type {VmRegistry} from './vm-registry.js';

/** The six unit prices of an advert / summary (reference §4.10, §5.1): USD decimal strings, GLM `null`. */
export type WirePricing = {
  readonly usd_per_core_month: string;
  readonly usd_per_gb_ram_month: string;
  readonly usd_per_gb_storage_month: string;
  readonly glm_per_core_month: null;
  readonly glm_per_gb_ram_month: null;
  readonly glm_per_gb_storage_month: null;
};

/** Everything a route handler needs. */
export type ProviderContext = {
  /** The provider's address (checksummed); streams must pay it. */
  readonly providerId: Address;
  readonly streamPaymentAddress: Address;
  /** The token `/provider/info` asks streams in (reference §4.8, §6.7); the zero address: native ETH. */
  readonly glmTokenAddress: Address;
  readonly name: string;
  readonly country: string;
  readonly platform: string;
  readonly total: VmResources;
  readonly pricing: WirePricing;
  readonly registry: VmRegistry;
  readonly reader: StreamReader;
  readonly log: (line: string) => void;
};
