import {formatEth} from '../lib/format.js';
import {defineCommand} from './command.js';
import {writeJson, writeLines} from './output.js';
import {withServices} from './with-services.js';

/** `golem wallet` — the requestor's address and balance (the reference had no such command). */
export const walletCommand = defineCommand({
  path: ['wallet'],
  description: "Show the requestor's wallet address and balance.",
  help: `
  Usage
    $ golem wallet [--json]

  The wallet key is created on first use under the base dir (mode 0600), or taken from
  GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY.
`,
  flags: {json: {type: 'boolean', default: false}},
  async run(io, {flags}) {
    const wallet = await withServices(io, (services) => services.getWallet());
    if (flags.json) {
      writeJson(io, {
        address: wallet.address,
        balance_wei: wallet.balanceWei,
        chain_id: wallet.chainId,
        payments_network: wallet.paymentsNetwork,
        key_path: wallet.keyPath,
      });
    } else {
      writeLines(io, [
        `Address : ${wallet.address}`,
        `Balance : ${formatEth(wallet.balanceWei, 8)} (${wallet.balanceWei} wei)`,
        `Network : ${wallet.paymentsNetwork} (chain id ${wallet.chainId})`,
        `Key     : ${wallet.keyPath ?? 'GOLEM_REQUESTOR_ETHEREUM_PRIVATE_KEY'}`,
      ]);
    }
    return 0;
  },
});
