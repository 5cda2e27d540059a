import type {ServiceContext} from './context.js';
import {listProviders} from './providers/list-providers.js';
import type {Services} from './services.js';
import {inspectStream} from './streams/inspect-stream.js';
import {listStreams} from './streams/list-streams.js';
import {openStream} from './streams/open-stream.js';
import {terminateStreamById} from './streams/terminate-stream.js';
import {topUpStream} from './streams/top-up-stream.js';
import {createVm} from './vms/create-vm.js';
import {destroyVm} from './vms/destroy-vm.js';
import {quoteVm} from './vms/quote-vm.js';
import {refreshVms} from './vms/refresh-vms.js';
import {sshTarget} from './vms/ssh-target.js';
import {startVm} from './vms/start-vm.js';
import {stopVm} from './vms/stop-vm.js';
import {getWallet} from './wallet/get-wallet.js';

/** Binds every service verb to `ctx`, giving the `Services` facade the CLI and the dashboard use. */
export function bindServices(ctx: ServiceContext): Services {
  return {
    listProviders: (parameters, signal) => listProviders(ctx, parameters, signal),
    quoteVm: async (parameters) => {
      const {provider: _provider, ...quote} = await quoteVm(ctx, parameters);
      return quote;
    },
    createVm: (parameters, onProgress) => createVm(ctx, parameters, onProgress),
    listVms: async () => ctx.db.repositories.vms.list(),
    refreshVms: () => refreshVms(ctx),
    getVm: async (name) => ctx.db.repositories.vms.require(name),
    stopVm: (name) => stopVm(ctx, name),
    startVm: (name, parameters) => startVm(ctx, name, parameters),
    destroyVm: (name, onProgress) => destroyVm(ctx, name, onProgress),
    execOnVm: async (name, command, output) => ctx.ssh.exec(await sshTarget(ctx, name), command, output),
    openShell: async (name, terminal) => ctx.ssh.shell(await sshTarget(ctx, name), terminal),
    listStreams: () => listStreams(ctx),
    inspectStream: (streamId) => inspectStream(ctx, streamId),
    openStream: (parameters) => openStream(ctx, parameters),
    topUpStream: (parameters) => topUpStream(ctx, parameters),
    terminateStream: (streamId) => terminateStreamById(ctx, streamId),
    getWallet: () => getWallet(ctx),
    close: () => ctx.db.close(),
  };
}
