import type {Command} from './command.js';

/** An entry of the command table: the words that select it, a one-line description, and a lazy loader. */
export type CommandEntry = {
  readonly path: readonly string[];
  readonly description: string;
  /** Other words that select the same command (reference aliases: connect → ssh, delete → destroy). */
  readonly aliases?: readonly (readonly string[])[];
  readonly load: () => Promise<Command>;
};

/**
 * Every command golem has. Modules load only when their command runs, so `golem --help` stays fast
 * (design.md start-up budget).
 */
export const commandTable: readonly CommandEntry[] = [
  {path: ['vm', 'providers'], description: 'List available providers matching requirements.', load: async () => (await import('./vm-providers.js')).vmProvidersCommand},
  {path: ['vm', 'create'], description: 'Create a new VM on a specific provider.', load: async () => (await import('./vm-create.js')).vmCreateCommand},
  {path: ['vm', 'list'], description: 'List all VMs.', load: async () => (await import('./vm-list.js')).vmListCommand},
  {path: ['vm', 'info'], description: 'Show information about a VM.', load: async () => (await import('./vm-list.js')).vmInfoCommand},
  {path: ['vm', 'ssh'], aliases: [['vm', 'connect']], description: 'SSH into a VM (alias: connect).', load: async () => (await import('./vm-ssh.js')).vmSshCommand},
  {path: ['vm', 'start'], description: 'Start a stopped VM with a new payment stream.', load: async () => (await import('./vm-power.js')).vmStartCommand},
  {path: ['vm', 'stop'], description: 'Stop a VM and end its payment stream.', load: async () => (await import('./vm-power.js')).vmStopCommand},
  {path: ['vm', 'destroy'], aliases: [['vm', 'delete']], description: 'Destroy a VM (alias: delete).', load: async () => (await import('./vm-destroy.js')).vmDestroyCommand},
  {path: ['vm', 'stream', 'list'], description: 'List payment stream status for all known streams.', load: async () => (await import('./vm-stream.js')).streamListCommand},
  {path: ['vm', 'stream', 'open'], description: 'Open a payment stream for a planned VM rental.', load: async () => (await import('./vm-stream.js')).streamOpenCommand},
  {path: ['vm', 'stream', 'topup'], description: 'Top up a stream by hours or an ETH amount.', load: async () => (await import('./vm-stream.js')).streamTopUpCommand},
  {path: ['vm', 'stream', 'terminate'], description: 'End a stream that funds no running VM; get the refund.', load: async () => (await import('./vm-stream.js')).streamTerminateCommand},
  {path: ['vm', 'stream', 'status'], description: 'Show the payment stream status for a VM by name.', load: async () => (await import('./vm-stream.js')).streamStatusCommand},
  {path: ['vm', 'stream', 'inspect'], description: 'Inspect a stream directly on-chain (no provider required).', load: async () => (await import('./vm-stream.js')).streamInspectCommand},
  {path: ['vm', 'purge'], description: 'Destroy every VM golem knows, ending their streams.', load: async () => (await import('./vm-purge.js')).vmPurgeCommand},
  {path: ['vm', 'reconcile'], description: 'Settle what an interrupted run left: resume or refund, finish stops and destroys.', load: async () => (await import('./vm-reconcile.js')).vmReconcileCommand},
  {path: ['vm', 'stats'], description: "Show a VM's CPU, memory and disk use, refreshing.", load: async () => (await import('./vm-stats.js')).vmStatsCommand},

  {path: ['vm', 'cp'], description: 'Copy files and directories to or from a VM over SFTP.', load: async () => (await import('./vm-cp.js')).vmCpCommand},
  {path: ['vm', 'forward'], description: 'Forward local ports (127.0.0.1) to a VM until Ctrl-C.', load: async () => (await import('./vm-forward.js')).vmForwardCommand},
  {path: ['ssh-config'], description: 'Print (or --write) an OpenSSH config with one Host per VM.', load: async () => (await import('./ssh-config.js')).sshConfigCommand},
  {path: ['wallet'], description: "Show the wallet: address, balance, spendable, locked in streams.", load: async () => (await import('./wallet.js')).walletCommand},
  {path: ['wallet', 'faucet'], description: 'Get test ETH from the testnet faucet (solves its proof of work).', load: async () => (await import('./wallet-faucet.js')).walletFaucetCommand},
  {path: ['wallet', 'encrypt'], description: 'Encrypt the wallet key file with a password (Web3 Secret Storage v3).', load: async () => (await import('./wallet-encrypt.js')).walletEncryptCommand},
  {path: ['ledger'], description: 'Where every wei went: deposits, top-ups, refunds, gas, from the chain.', load: async () => (await import('./ledger.js')).ledgerCommand},
  {path: ['wallet', 'decrypt'], description: 'Decrypt the wallet key file (undo golem wallet encrypt).', load: async () => (await import('./wallet-keyfile.js')).walletDecryptCommand},
  {path: ['wallet', 'password'], description: 'Change the password of the encrypted wallet key file.', load: async () => (await import('./wallet-keyfile.js')).walletPasswordCommand},
  {path: ['doctor'], description: 'Check what a rental needs (chain, contract, discovery, keys, clock) and what to fix.', load: async () => (await import('./doctor/doctor.js')).doctorCommand},
  {path: ['monitor'], description: 'Keep running VMs funded: top streams up before they run dry.', load: async () => (await import('./monitor.js')).monitorCommand},
  {path: ['server', 'api'], description: 'Serve the requestor API on 127.0.0.1 (with the top-up monitor).', load: async () => (await import('./server-api.js')).serverApiCommand},
  {path: ['config'], description: 'Show every setting, its value and where it came from.', load: async () => (await import('./config.js')).configCommand},
  {path: ['completion'], description: 'Print a shell completion script (bash, zsh or fish).', load: async () => (await import('./completion.js')).completionCommand},
  {path: ['tui'], description: 'Open the full-screen dashboard.', load: async () => (await import('./tui.js')).tuiCommand},
  {path: ['devnet', 'up'], description: 'Start a local Golem network (anvil, contract, discovery, providers).', load: async () => (await import('./devnet.js')).devnetUpCommand},
  {path: ['devnet', 'down'], description: 'Stop the local Golem network.', load: async () => (await import('./devnet.js')).devnetDownCommand},
  {path: ['devnet', 'status'], description: 'Show what the local Golem network runs where.', load: async () => (await import('./devnet.js')).devnetStatusCommand},
  {path: ['version'], description: 'Show the installed version and whether a newer one exists.', load: async () => (await import('./version.js')).versionCommand},
];

/**
 * Finds the command selected by the leading words of `argv` (longest match, aliases included). Returns the entry
 * and the remaining arguments, or the words that matched a group (`['vm']`) so help can list its commands.
 */
export function findCommand(argv: readonly string[]): {entry: CommandEntry; rest: string[]} | {group: string[]} {
  let best: {entry: CommandEntry; length: number} | undefined;
  for (const entry of commandTable) {
    for (const path of [entry.path, ...(entry.aliases ?? [])]) {
      const matches = path.every((word, index) => argv[index] === word);
      if (matches && path.length > (best?.length ?? 0)) best = {entry, length: path.length};
    }
  }
  if (best) return {entry: best.entry, rest: argv.slice(best.length)};
  const group: string[] = [];
  for (const word of argv) {
    if (word.startsWith('-') || !commandTable.some((entry) => [...group, word].every((w, i) => entry.path[i] === w))) break;
    group.push(word);
  }
  return {group};
}

/** Help text listing the commands under `group` (all commands for the root). */
export function groupHelp(group: readonly string[]): string {
  const entries = commandTable.filter((entry) => group.every((word, index) => entry.path[index] === word));
  const width = Math.max(...entries.map((entry) => entry.path.join(' ').length));
  return entries.map((entry) => `    golem ${entry.path.join(' ').padEnd(width)}  ${entry.description}`).join('\n');
}
