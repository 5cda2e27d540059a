/**
 * A real little network for provider-server tests: anvil, StreamPayment deployed on it, a discovery server and one
 * devnet provider, plus a requestor wallet (anvil account 1) that opens, terminates and (as oracle) halts streams.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {zeroAddress, type Address} from 'viem';
import {streamPaymentAbi} from '../../../contracts/abi/stream-payment.js';
import {createChainClients, type ChainClients} from '../../../source/adapters/chain/clients.js';
import {deployStreamPayment} from '../../../source/adapters/chain/deploy.js';
import {startDiscoveryServer, type DiscoveryServer} from '../../../source/devnet/discovery-server.js';
import {
  startProviderServer,
  type ProviderServer,
  type ProviderServerOptions,
} from '../../../source/devnet/provider-server.js';
import {startAnvil, type Anvil} from '../../helpers/anvil.js';

/** Monthly USD prices the fixture provider advertises. */
export const FIXTURE_PRICING = {usdPerCoreMonth: '5', usdPerGbRamMonth: '2', usdPerGbStorageMonth: '0.1'};

/** 10^14 wei/s: an hour of it (3.6 × 10^17 wei) is above 2^53, so JSON numbers must be read exactly. */
export const FIXTURE_RATE_WEI = 100_000_000_000_000n;

export type ApiResponse = {status: number; body: any; text: string};

export type ProviderFixture = {
  anvil: Anvil;
  contract: Address;
  discovery: DiscoveryServer;
  provider: ProviderServer;
  logs: string[];
  /** Calls the provider API: `api('POST', '/vms?async=true', body)`. */
  api(method: string, path: string, body?: unknown): Promise<ApiResponse>;
  /** Opens a native-ETH stream from the requestor wallet to `recipient` for `seconds` at `FIXTURE_RATE_WEI`. */
  createStream(recipient: Address, seconds?: bigint): Promise<bigint>;
  terminate(streamId: bigint): Promise<void>;
  halt(streamId: bigint): Promise<void>;
  /** Polls `GET /vms/jobs/:id` until the job is no longer `creating`. */
  waitForJob(jobId: string): Promise<{status: string; error: string | null}>;
  close(): Promise<void>;
};

async function send(clients: ChainClients, functionName: 'terminate' | 'haltStream', streamId: bigint, contract: Address) {
  const hash = await clients.walletClient.writeContract({address: contract, abi: streamPaymentAbi, functionName, args: [streamId]});
  const receipt = await clients.publicClient.waitForTransactionReceipt({hash});
  if (receipt.status !== 'success') throw new Error(`${functionName} reverted`);
}

/** Starts the whole fixture; `overrides` tune the provider (e.g. a short `monitorIntervalMs`). */
export async function startProviderFixture(overrides: Partial<ProviderServerOptions> = {}): Promise<ProviderFixture> {
  const stateDir = mkdtempSync(join(tmpdir(), 'golem-provider-'));
  const anvil = await startAnvil();
  const [deployer, requestor, , , , , , , , oracle] = anvil.accounts;
  const contract = await deployStreamPayment(anvil.rpcUrl, anvil.chainId, deployer!.privateKey, oracle!.address);
  const discovery = await startDiscoveryServer();
  const logs: string[] = [];
  const provider = await startProviderServer({
    rpcUrl: anvil.rpcUrl,
    chainId: anvil.chainId,
    streamPaymentAddress: contract,
    discoveryUrl: discovery.url,
    name: 'devnet-test',
    country: 'SE',
    platform: 'x86_64',
    resources: {cpu: 4, memory: 8, storage: 80},
    pricing: FIXTURE_PRICING,
    stateDir,
    provisioningDelayMs: 300,
    onLog: (line) => logs.push(line),
    ...overrides,
  });
  const wallet = createChainClients({rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, privateKey: requestor!.privateKey, pollingIntervalMs: 100});
  const oracleClients = createChainClients({rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, privateKey: oracle!.privateKey, pollingIntervalMs: 100});

  const api = async (method: string, path: string, body?: unknown): Promise<ApiResponse> => {
    const response = await fetch(`${provider.url}/api/v1${path}`, {
      method,
      ...(body === undefined ? {} : {headers: {'content-type': 'application/json'}, body: JSON.stringify(body)}),
    });
    const text = await response.text();
    return {status: response.status, body: text === '' ? undefined : JSON.parse(text), text};
  };

  return {
    anvil,
    contract,
    discovery,
    provider,
    logs,
    api,
    async createStream(recipient, seconds = 3600n) {
      const deposit = FIXTURE_RATE_WEI * seconds;
      const {result, request} = await wallet.publicClient.simulateContract({
        account: wallet.account,
        address: contract,
        abi: streamPaymentAbi,
        functionName: 'createStream',
        args: [zeroAddress, recipient, deposit, FIXTURE_RATE_WEI],
        value: deposit,
      });
      const hash = await wallet.walletClient.writeContract(request);
      const receipt = await wallet.publicClient.waitForTransactionReceipt({hash});
      if (receipt.status !== 'success') throw new Error('createStream reverted');
      return result;
    },
    terminate: (streamId) => send(wallet, 'terminate', streamId, contract),
    halt: (streamId) => send(oracleClients, 'haltStream', streamId, contract),
    async waitForJob(jobId) {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const {body} = await api('GET', `/vms/jobs/${jobId}`);
        if (body.status !== 'creating') return body;
        if (Date.now() > deadline) throw new Error(`job ${jobId} still creating`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async close() {
      await provider.close();
      await discovery.close();
      await anvil.stop();
      rmSync(stateDir, {recursive: true, force: true});
    },
  };
}

/** Polls `check` every 50 ms until it returns true, failing after `timeoutMs`. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
