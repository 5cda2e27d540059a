import type {ServiceContext} from '../context.js';
import type {ChainBinding, Operation} from '../ports.js';
import type {StreamRecord} from '../types.js';

/** One binding per context: the genesis hash is read once and the rows are bound once per process. */
const bound = new WeakMap<ServiceContext, Promise<ChainBinding>>();

/**
 * The chain the payments profile points at now — chain id, StreamPayment contract and block 0's hash — and, the
 * first time per context, the stream rows bound to it (issue 11 item 6): rows of this chain id and contract recorded
 * on another genesis (a devnet that was restarted) are marked `vanished` — not terminated and not refunded, since
 * golem did neither — and rows recorded before binding existed are adopted when their createStream transaction is
 * on this chain. Throws `ChainError`/`RpcUnavailableError`.
 *
 * @example
 * const chain = await currentChain(ctx) // {chainId: 31337, contractAddress: '0x…', genesisHash: '0x…'}
 */
export async function currentChain(ctx: ServiceContext): Promise<ChainBinding> {
  let binding = bound.get(ctx);
  if (!binding) {
    binding = bind(ctx);
    bound.set(ctx, binding);
    binding.catch(() => bound.delete(ctx));
  }
  return binding;
}

async function bind(ctx: ServiceContext): Promise<ChainBinding> {
  const {client} = ctx.payments();
  const binding: ChainBinding = {chainId: client.chainId, contractAddress: client.contractAddress, genesisHash: await client.getGenesisHash()};
  // Rows written before binding: kept when this chain has their createStream transaction, else from a vanished chain.
  const unbound = ctx.db.repositories.streams
    .list()
    .filter((record) => !record.genesisHash && record.status !== 'vanished' && isSameDeployment(record, binding));
  const stillThere = new Set<StreamRecord>();
  for (const record of unbound) {
    if (record.createTxHash === null) {
      stillThere.add(record);
      continue;
    }
    const state = await client.getTransactionState(record.createTxHash);
    if (state === 'success') stillThere.add(record);
  }
  ctx.db.repositories.streams.bindChain(binding, (record) => [...stillThere].some((kept) => kept.streamId === record.streamId));
  return binding;
}

/** True when `record` lives on `binding`'s chain id and contract (whatever its genesis). */
export function isSameDeployment(record: Pick<StreamRecord, 'chainId' | 'contractAddress'>, binding: ChainBinding): boolean {
  return record.chainId === binding.chainId && record.contractAddress.toLowerCase() === binding.contractAddress.toLowerCase();
}

/** True when `record` lives on exactly `binding`'s chain (id, contract and genesis). */
export function isOnChain(record: Pick<StreamRecord, 'chainId' | 'contractAddress' | 'genesisHash'>, binding: ChainBinding): boolean {
  return isSameDeployment(record, binding) && record.genesisHash === binding.genesisHash;
}

/**
 * Where an operation's transaction belongs relative to `binding`: `here` (this chain, or recorded before binding on
 * this chain id and contract), `vanished` (this chain id and contract, another genesis: that chain is gone), or
 * `elsewhere` (another chain id or contract: another profile settles it).
 */
export function operationChain(operation: Operation, binding: ChainBinding): 'here' | 'vanished' | 'elsewhere' {
  const chain = operation.chain;
  if (!chain) return 'here';
  if (!isSameDeployment(chain, binding)) return 'elsewhere';
  return chain.genesisHash === binding.genesisHash ? 'here' : 'vanished';
}
