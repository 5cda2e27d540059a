/** The VMs table's "Cost" column: what each VM has cost so far, from the ledger (issue 15). */
import type {Vm} from '../../services/types.js';
import type {TableColumn} from '../components/table.js';
import {formatEthAmount, MISSING} from '../format-cells.js';

/** A column showing `costs.get(vm.name)` in ETH; `…` while loading, `—` for a VM with no stream on this chain. */
export function vmCostColumn(costs: ReadonlyMap<string, bigint> | undefined): TableColumn<Vm> {
  return {
    key: 'cost',
    header: 'Cost',
    cell: (vm) => (costs === undefined ? '…' : costs.has(vm.name) ? formatEthAmount(costs.get(vm.name)!) : MISSING),
    align: 'right',
    minWidth: 4,
  };
}
