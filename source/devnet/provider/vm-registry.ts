/**
 * The devnet provider's VMs and creation jobs, in memory: capacity accounting, asynchronous provisioning of an SSH
 * sandbox per VM (like a VM boot, reference §4.2–4.3), stop/start/delete (§4.7) and their rollbacks.
 */
import {randomUUID} from 'node:crypto';
import {rmSync} from 'node:fs';
import {generateEd25519KeyPair} from '../../adapters/ssh/generate-key.js';
import {startSandbox, type Sandbox} from '../sandbox.js';
import {resolveVmUser, vmHomeDir, type VmUserChoice} from '../vm-user.js';
import {HttpError} from '../fastapi-conventions.js';
import type {VmResources} from './validation.js';

/** Provider-side VM status vocabulary (reference §4.5). */
export type VmStatus = 'creating' | 'running' | 'stopping' | 'stopped' | 'error';

/** One VM. `sshPort` is set only while its sandbox listens. */
export type VmRecord = {
  readonly name: string;
  /** The provider's internal instance name, `golem-<uuid4>` like multipass instances (reference §4.1). */
  readonly multipassName: string;
  readonly resources: VmResources;
  readonly sshKey: string;
  /** Sandbox host key, kept across stop/start so the VM's host key does not change. */
  readonly hostKey: string;
  /** The stream paying for the VM; a start with a new stream replaces it. */
  streamId: bigint | null;
  readonly dir: string;
  readonly createdAt: Date;
  status: VmStatus;
  sandbox: Sandbox | null;
  sshPort: number | null;
  updatedAt: Date;
  errorMessage: string | null;
};

/** A creation job (reference §4.3). */
export type JobRecord = {
  readonly jobId: string;
  readonly vmId: string;
  status: 'creating' | 'ready' | 'failed';
  error: string | null;
  readonly createdAt: Date;
  updatedAt: Date;
};

/** Message of a job that failed for lack of capacity (the real provider's text). */
export const INSUFFICIENT_RESOURCES = 'Insufficient resources available on provider';

/** Options of `createVmRegistry`. */
export type VmRegistryOptions = {
  /** VMs' directories live under `<stateDir>/vms/<name>`. */
  readonly stateDir: string;
  /** Total capacity: cores, GB RAM, GB disk. */
  readonly total: VmResources;
  /** How long a "boot" takes before the sandbox starts, ms. */
  readonly provisioningDelayMs: number;
  /** Called after every change of allocated resources (create, failed create, delete). */
  readonly onAllocationChange: () => void;
  readonly log: (line: string) => void;
  /**
   * Who VM processes run as; default `resolveVmUser()` on the first create (as root: the unprivileged `golem-vm`).
   * Tests pass `{user: null, note}` to run as the current user.
   */
  readonly vmUser?: VmUserChoice | undefined;
};

/** The registry's operations; errors meant for HTTP clients are thrown as `HttpError`. */
export type VmRegistry = ReturnType<typeof createVmRegistry>;

/** 404 `{"detail":"VM <name> not found"}` (reference §4.5). */
export const vmNotFound = (name: string) => new HttpError(404, `VM ${name} not found`);
/** 409 for stop/start while the VM is still being provisioned. */
export const vmStillCreating = (name: string) => new HttpError(409, `VM ${name} is still being created`);

/** Creates an empty registry. */
export function createVmRegistry(options: VmRegistryOptions) {
  const vms = new Map<string, VmRecord>();
  const jobs = new Map<string, JobRecord>();
  let isClosed = false;

  const available = (): VmResources => {
    const used = {cpu: 0, memory: 0, storage: 0};
    for (const vm of vms.values()) {
      used.cpu += vm.resources.cpu;
      used.memory += vm.resources.memory;
      used.storage += vm.resources.storage;
    }
    return {
      cpu: Math.max(options.total.cpu - used.cpu, 0),
      memory: Math.max(options.total.memory - used.memory, 0),
      storage: Math.max(options.total.storage - used.storage, 0),
    };
  };

  let vmUser = options.vmUser;
  const chooseVmUser = (): VmUserChoice => {
    if (!vmUser) {
      vmUser = resolveVmUser();
      options.log(vmUser.note);
    }
    return vmUser;
  };
  const sandboxFor = (vm: VmRecord) => startSandbox({dir: vm.dir, authorizedKey: vm.sshKey, hostKey: vm.hostKey, runAs: chooseVmUser().user});

  const starting = new Map<VmRecord, Promise<VmRecord>>();
  const restart = async (vm: VmRecord): Promise<VmRecord> => {
    const sandbox = await sandboxFor(vm);
    if (vms.get(vm.name) !== vm || isClosed) {
      await sandbox.close();
      throw vmNotFound(vm.name);
    }
    Object.assign(vm, {sandbox, sshPort: sandbox.port, status: 'running' as const});
    vm.updatedAt = new Date();
    options.log(`vm ${vm.name} started, ssh on 127.0.0.1:${sandbox.port}`);
    return vm;
  };

  const touch = (record: VmRecord | JobRecord) => {
    record.updatedAt = new Date();
  };

  const finishJob = (job: JobRecord, status: 'ready' | 'failed', error: string | null) => {
    job.status = status;
    job.error = error;
    touch(job);
  };

  const boot = async (vm: VmRecord, job: JobRecord): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve, options.provisioningDelayMs));
    if (vms.get(vm.name) !== vm || isClosed) {
      finishJob(job, 'failed', `VM ${vm.name} was deleted during creation`);
      return;
    }
    try {
      const sandbox = await sandboxFor(vm);
      if (vms.get(vm.name) !== vm || isClosed) {
        await sandbox.close();
        finishJob(job, 'failed', `VM ${vm.name} was deleted during creation`);
        return;
      }
      Object.assign(vm, {sandbox, sshPort: sandbox.port, status: 'running' as const});
      touch(vm);
      finishJob(job, 'ready', null);
      options.log(`vm ${vm.name} running, ssh on 127.0.0.1:${sandbox.port}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      vms.delete(vm.name);
      options.onAllocationChange();
      finishJob(job, 'failed', message);
      options.log(`vm ${vm.name} failed to start: ${message}`);
    }
  };

  return {
    available,
    get: (name: string) => vms.get(name),
    has: (name: string) => vms.has(name),
    list: () => [...vms.values()],
    getJob: (jobId: string) => jobs.get(jobId),

    /**
     * Registers a VM and starts its asynchronous provisioning. Returns the job and a promise that settles when
     * provisioning ends (never rejects; read the job's status). Without capacity the job fails at once and no VM
     * is kept. @throws {HttpError} 409 when the name is taken.
     */
    create(request: {name: string; resources: VmResources; sshKey: string; streamId: bigint | null}) {
      if (vms.has(request.name)) throw new HttpError(409, `VM ${request.name} already exists`);
      const now = new Date();
      const job: JobRecord = {
        jobId: randomUUID(),
        vmId: request.name,
        status: 'creating',
        error: null,
        createdAt: now,
        updatedAt: now,
      };
      jobs.set(job.jobId, job);
      const free = available();
      const fits = (['cpu', 'memory', 'storage'] as const).every((key) => request.resources[key] <= free[key]);
      if (!fits) {
        finishJob(job, 'failed', INSUFFICIENT_RESOURCES);
        return {job, done: Promise.resolve()};
      }
      const vm: VmRecord = {
        ...request,
        multipassName: `golem-${randomUUID()}`,
        hostKey: generateEd25519KeyPair().private,
        dir: vmHomeDir(options.stateDir, request.name, chooseVmUser().user),
        createdAt: now,
        updatedAt: now,
        status: 'creating',
        sandbox: null,
        sshPort: null,
        errorMessage: null,
      };
      vms.set(vm.name, vm);
      options.onAllocationChange();
      return {job, done: boot(vm, job)};
    },

    /** Stops a VM: its sandbox closes (sessions end), status `stopped`; resources stay allocated. Idempotent. */
    async stop(name: string, reason?: string): Promise<VmRecord> {
      const vm = vms.get(name);
      if (!vm) throw vmNotFound(name);
      if (vm.status === 'creating') throw vmStillCreating(name);
      if (vm.status === 'stopped' || vm.status === 'stopping') return vm;
      vm.status = 'stopping';
      touch(vm);
      const sandbox = vm.sandbox;
      await sandbox?.close();
      Object.assign(vm, {sandbox: null, sshPort: null, status: 'stopped' as const});
      touch(vm);
      options.log(`vm ${name} stopped${reason ? `: ${reason}` : ''}`);
      return vm;
    },

    /**
     * Starts a stopped VM on a new sandbox over the same directory and host key (the port may change), paid from
     * `streamId` when given (checked by the route). Concurrent starts of one VM share one sandbox.
     */
    start(name: string, streamId?: bigint): Promise<VmRecord> {
      const vm = vms.get(name);
      if (!vm) throw vmNotFound(name);
      if (vm.status === 'creating') throw vmStillCreating(name);
      if (streamId !== undefined) vm.streamId = streamId;
      if (vm.status === 'running') return Promise.resolve(vm);
      if (vm.status === 'stopping') throw new HttpError(409, `VM ${name} is stopping`);
      const pending = starting.get(vm) ?? restart(vm).finally(() => starting.delete(vm));
      starting.set(vm, pending);
      return pending;
    },

    /** Deletes a VM: closes its sandbox, frees its resources, removes its directory. Unknown names are fine. */
    async delete(name: string): Promise<void> {
      const vm = vms.get(name);
      if (!vm) return;
      vms.delete(name);
      options.onAllocationChange();
      await vm.sandbox?.close();
      rmSync(vm.dir, {recursive: true, force: true});
      options.log(`vm ${name} deleted`);
    },

    /** Closes every sandbox (provider shutdown); VM directories stay. */
    async close(): Promise<void> {
      isClosed = true;
      await Promise.all([...vms.values()].map((vm) => vm.sandbox?.close()));
    },
  };
}
