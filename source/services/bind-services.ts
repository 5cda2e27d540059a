import type {ServiceContext} from './context.js';
import {getFundingStatus} from './monitor/get-funding-status.js';
import {runMonitor} from './monitor/run-monitor.js';
import {listProviders} from './providers/list-providers.js';
import type {Services} from './services.js';
import type {OnProgress} from './types.js';
import {inspectStream} from './streams/inspect-stream.js';
import {listStreams} from './streams/list-streams.js';
import {openStream} from './streams/open-stream.js';
import {terminateStreamById} from './streams/terminate-stream.js';
import {topUpStream} from './streams/top-up-stream.js';
import {createVm} from './vms/create-vm.js';
import {destroyVm} from './vms/destroy-vm.js';
import {quoteVm} from './vms/quote-vm.js';
import {reconcile} from './vms/reconcile.js';
import {reconcileFirst} from './vms/reconcile-first.js';
import {refreshVms} from './vms/refresh-vms.js';
import {withSshTarget} from './vms/ssh-target.js';
import {sshConfig} from './ssh-access/write-ssh-config.js';
import {copyFiles} from './ssh-access/copy-files.js';
import {forwardPorts} from './ssh-access/forward-ports.js';
import {createForwardRegistry} from './ssh-access/forward-registry.js';
import {startVm} from './vms/start-vm.js';
import {stopVm} from './vms/stop-vm.js';
import {getWallet} from './wallet/get-wallet.js';
import {getLedger} from './ledger/get-ledger.js';
import {getWalletRunway} from './ledger/get-wallet-runway.js';
import {requestFaucet} from './wallet/request-faucet.js';

/**
 * Binds every service verb to `ctx`, giving the `Services` facade the CLI and the dashboard use. Verbs that move
 * money or change a VM first settle what killed runs left (`reconcileFirst`, once per facade; issue 6 item 1).
 */
export function bindServices(ctx: ServiceContext): Services {
  let settled: Promise<unknown> | undefined;
  const settleFirst = async (onProgress?: OnProgress): Promise<void> => {
    settled ??= reconcileFirst(ctx, onProgress).catch((error: unknown) => {
      settled = undefined;
      throw error;
    });
    await settled;
  };
  const forwards = createForwardRegistry(ctx);
  return {
    listProviders: (parameters, signal) => listProviders(ctx, parameters, signal),
    quoteVm: async (parameters) => {
      const {provider: _provider, ...quote} = await quoteVm(ctx, parameters);
      return quote;
    },
    createVm: async (parameters, onProgress) => {
      await settleFirst(onProgress);
      return createVm(ctx, parameters, onProgress);
    },
    listVms: async () => ctx.db.repositories.vms.list(),
    refreshVms: (options) => refreshVms(ctx, options),
    getVm: async (name) => ctx.db.repositories.vms.require(name),
    stopVm: async (name) => {
      await settleFirst();
      return stopVm(ctx, name);
    },
    startVm: async (name, parameters) => {
      await settleFirst();
      return startVm(ctx, name, parameters);
    },
    destroyVm: async (name, onProgress) => {
      await settleFirst(onProgress);
      return destroyVm(ctx, name, onProgress);
    },
    execOnVm: async (name, command, output, options) => withSshTarget(ctx, name, (target) => ctx.ssh.exec(target, command, output), options),
    openShell: async (name, terminal, options) => withSshTarget(ctx, name, (target) => ctx.ssh.shell(target, terminal), options),
    sshConfig: async (options) => sshConfig(ctx, options),
    copyFiles: (parameters) => copyFiles(ctx, parameters),
    forwardPorts: (parameters) => forwardPorts(ctx, parameters),
    startForward: async (name, forward) => forwards.start(name, forward),
    stopForward: async (id) => forwards.stop(id),
    listForwards: async () => forwards.list(),
    listStreams: () => listStreams(ctx),
    inspectStream: (streamId) => inspectStream(ctx, streamId),
    openStream: async (parameters) => {
      await settleFirst();
      return openStream(ctx, parameters);
    },
    topUpStream: async (parameters) => {
      await settleFirst();
      return topUpStream(ctx, parameters);
    },
    terminateStream: async (streamId) => {
      await settleFirst();
      return terminateStreamById(ctx, streamId);
    },
    getWallet: () => getWallet(ctx),
    getLedger: (parameters) => getLedger(ctx, parameters),
    getWalletRunway: () => getWalletRunway(ctx),
    requestFaucet: (options) => requestFaucet(ctx, options),
    runMonitor: (options) => runMonitor(ctx, options),
    getFundingStatus: () => getFundingStatus(ctx),
    reconcile: (options) => reconcile(ctx, options),
    close: () => {
      forwards.stopAll();
      ctx.db.close();
    },
  };
}
