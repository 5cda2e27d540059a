/**
 * What each VM has cost so far (vested to its providers + the gas of its transactions, every stream it had), from
 * the ledger (`services.getLedger`, read from the chain): loaded on mount and on every refresh, never on the VMs
 * screen's fast poll. A failed read leaves the column unknown rather than failing the screen.
 */
import {useMemo} from 'react';
import {useRefreshSignal} from '../app/refresh-context.js';
import {useServices} from '../app/services-context.js';
import {useAsync} from './use-async.js';

/** VM name → cost so far in wei; undefined while loading or when the ledger could not be read. */
export function useVmCosts(): ReadonlyMap<string, bigint> | undefined {
  const services = useServices();
  const {version} = useRefreshSignal();
  // Only the streams' costs: no scan of every block for plain transfers (a devnet's whole history; issue 16 memory).
  const {data} = useAsync(() => services.getLedger({withTransfers: false}), [services, version]);
  return useMemo(() => (data ? new Map(data.byVm.map((row) => [row.vmName, row.spentWei])) : undefined), [data]);
}
