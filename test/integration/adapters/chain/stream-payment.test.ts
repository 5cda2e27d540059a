import {mkdtempSync, rmSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createTestClient, encodeFunctionData, http, parseEther, zeroAddress, type Address, type Hex} from 'viem';
import {generatePrivateKey, privateKeyToAccount} from 'viem/accounts';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {streamPaymentAbi} from '../../../../contracts/abi/stream-payment.js';
import {createChainClients, type ChainClients} from '../../../../source/adapters/chain/clients.js';
import {deployStreamPayment} from '../../../../source/adapters/chain/deploy.js';
import {mapChainError} from '../../../../source/adapters/chain/errors.js';
import {createStreamPaymentClient, type CreateStreamPaymentClientParameters} from '../../../../source/adapters/chain/stream-payment.js';
import {computeStream} from '../../../../source/services/streams/stream-math.js';
import {
  ChainError,
  ContractRevertedError,
  InsufficientFundsError,
  RpcUnavailableError,
} from '../../../../source/errors.js';
import {toJson} from '../../../../source/lib/json.js';
import type {StreamPaymentClient} from '../../../../source/services/ports.js';
import {startAnvil, type Anvil} from '../../../helpers/anvil.js';

const RATE = 1_000_000_000n; // wei/s
const HOUR_DEPOSIT = RATE * 3600n;

let anvil: Anvil;
let contractAddress: Address;
let lockDir: string;
let requestor: StreamPaymentClient;
let testClient: ReturnType<typeof createTestClient>;
let reader: ChainClients;
let accounts: Anvil['accounts'];

/** Recipient of every stream here (a provider); never sends. */
let recipient: Address;

function makeClient(overrides: Partial<CreateStreamPaymentClientParameters> = {}): StreamPaymentClient {
  return createStreamPaymentClient({
    rpcUrl: anvil.rpcUrl,
    chainId: anvil.chainId,
    contractAddress,
    privateKey: accounts[1]!.privateKey,
    lockPath: join(lockDir, 'wallet', 'tx.lock'),
    pollingIntervalMs: 50,
    ...overrides,
  });
}

async function nonceOf(address: Address): Promise<number> {
  return reader.publicClient.getTransactionCount({address, blockTag: 'pending'});
}

async function gasPaid(hash: Hex): Promise<bigint> {
  const receipt = await reader.publicClient.getTransactionReceipt({hash});
  return receipt.gasUsed * receipt.effectiveGasPrice;
}

/** Runs `action`, which must fail, and checks that the wallet spent nothing and used no nonce. */
async function expectNothingSpent(client: StreamPaymentClient, action: () => Promise<unknown>): Promise<unknown> {
  const balanceBefore = await client.getBalance();
  const nonceBefore = await nonceOf(client.walletAddress);
  const error = await action().then(
    () => new Error('expected the call to fail'),
    (thrown: unknown) => thrown,
  );
  expect(await client.getBalance()).toBe(balanceBefore);
  expect(await nonceOf(client.walletAddress)).toBe(nonceBefore);
  return error;
}

beforeAll(async () => {
  anvil = await startAnvil();
  accounts = anvil.accounts;
  recipient = accounts[3]!.address;
  lockDir = mkdtempSync(join(tmpdir(), 'golem-chain-'));
  contractAddress = await deployStreamPayment(anvil.rpcUrl, anvil.chainId, accounts[0]!.privateKey, accounts[9]!.address);
  testClient = createTestClient({mode: 'anvil', transport: http(anvil.rpcUrl)});
  reader = createChainClients({rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, privateKey: accounts[0]!.privateKey});
  requestor = makeClient();
});

afterAll(async () => {
  await anvil?.stop();
  if (lockDir) rmSync(lockDir, {recursive: true, force: true});
});

describe('StreamPayment contract + chain adapter against anvil', () => {
  it('deploys with the oracle and starts ids at 1', async () => {
    const read = (functionName: 'oracle' | 'nextStreamId') =>
      reader.publicClient.readContract({address: contractAddress, abi: streamPaymentAbi, functionName});
    expect(await read('oracle')).toBe(accounts[9]!.address);
    expect(await read('nextStreamId')).toBe(0n);
    await expect(requestor.verifyChain()).resolves.toBeUndefined();
  });

  it('refuses to deploy with a zero oracle (oracle=0)', async () => {
    await expect(deployStreamPayment(anvil.rpcUrl, anvil.chainId, accounts[0]!.privateKey, zeroAddress)).rejects.toMatchObject({
      name: 'ContractRevertedError',
      reason: 'oracle=0',
    });
  });

  it('creates a native stream and reads every streams() field back', async () => {
    const balanceBefore = await requestor.getBalance();
    const maxGasCost = await requestor.estimateMaxGasCostWei();
    const {streamId, txHash} = await requestor.createStream({recipient, depositWei: HOUR_DEPOSIT + 7n, ratePerSecondWei: RATE});

    expect(streamId).toBeGreaterThanOrEqual(1n);
    expect(txHash).toMatch(/^0x[0-9a-f]{64}$/);
    const stream = await requestor.getStream(streamId);
    expect(stream).toEqual({
      token: zeroAddress,
      sender: requestor.walletAddress,
      recipient,
      startTime: stream.startTime,
      stopTime: stream.startTime + 3600n,
      ratePerSecond: RATE,
      deposit: HOUR_DEPOSIT + 7n,
      withdrawn: 0n,
      halted: false,
    });
    const receipt = await reader.publicClient.getTransactionReceipt({hash: txHash});
    expect((await reader.publicClient.getBlock({blockNumber: receipt.blockNumber})).timestamp).toBe(stream.startTime);

    const spentOnGas = balanceBefore - (await requestor.getBalance()) - (HOUR_DEPOSIT + 7n);
    expect(spentOnGas).toBe(await gasPaid(txHash));
    expect(spentOnGas).toBeLessThanOrEqual(maxGasCost);
  });

  it('tops up and extends stopTime by amount / rate', async () => {
    const {streamId} = await requestor.createStream({recipient, depositWei: HOUR_DEPOSIT, ratePerSecondWei: RATE});
    const before = await requestor.getStream(streamId);

    const {newStopTime} = await requestor.topUp({streamId, amountWei: HOUR_DEPOSIT * 2n});

    expect(newStopTime).toBe(before.stopTime + 7200n);
    const after = await requestor.getStream(streamId);
    expect(after.stopTime).toBe(newStopTime);
    expect(after.deposit).toBe(HOUR_DEPOSIT * 3n);
  });

  it('terminates: pays the recipient what vested, refunds the sender the rest, zeroes the recipient', async () => {
    const deposit = HOUR_DEPOSIT;
    const {streamId} = await requestor.createStream({recipient, depositWei: deposit, ratePerSecondWei: RATE});
    await testClient.increaseTime({seconds: 600});
    const senderBefore = await requestor.getBalance();
    const recipientBefore = await requestor.getBalance(recipient);

    const {txHash, refundWei, payoutWei} = await requestor.terminate({streamId});

    const stream = await requestor.getStream(streamId);
    expect(stream.recipient).toBe(zeroAddress);
    expect(refundWei + payoutWei).toBe(deposit);
    const elapsed = (await reader.publicClient.getBlock({blockTag: 'latest'})).timestamp - stream.startTime;
    expect(elapsed).toBeGreaterThanOrEqual(600n);
    expect(payoutWei).toBe(elapsed * RATE);
    expect(await requestor.getBalance(recipient)).toBe(recipientBefore + payoutWei);
    expect(await requestor.getBalance()).toBe(senderBefore + refundWei - (await gasPaid(txHash)));
    // Everything else keeps its old value (reference §7.4), and the id is gone for every later call.
    expect(stream).toMatchObject({deposit, withdrawn: 0n, halted: false});
    await expect(requestor.terminate({streamId})).rejects.toMatchObject({name: 'ContractRevertedError', reason: 'no-stream'});
  });

  describe('revert reasons surface as ContractRevertedError and nothing is spent', () => {
    it('deposit=0', async () => {
      const error = await expectNothingSpent(requestor, () =>
        requestor.createStream({recipient, depositWei: 0n, ratePerSecondWei: RATE}),
      );
      expect(error).toBeInstanceOf(ContractRevertedError);
      expect((error as ContractRevertedError).shortMessage).toBe('StreamPayment.createStream reverted: deposit=0.');
    });

    it('rate=0', async () => {
      const error = await expectNothingSpent(requestor, () =>
        requestor.createStream({recipient, depositWei: HOUR_DEPOSIT, ratePerSecondWei: 0n}),
      );
      expect(error).toMatchObject({name: 'ContractRevertedError', reason: 'rate=0'});
    });

    it('no-stream', async () => {
      const error = await expectNothingSpent(requestor, () => requestor.topUp({streamId: 999_999n, amountWei: HOUR_DEPOSIT}));
      expect(error).toMatchObject({name: 'ContractRevertedError', reason: 'no-stream'});
      expect((error as ContractRevertedError).shortMessage).toBe('StreamPayment.topUp reverted: no-stream.');
      expect((error as ContractRevertedError).hint).toMatch(/golem vm stream inspect/);
    });

    it('not sender', async () => {
      const {streamId} = await requestor.createStream({recipient, depositWei: HOUR_DEPOSIT, ratePerSecondWei: RATE});
      const stranger = makeClient({privateKey: accounts[2]!.privateKey});
      const error = await expectNothingSpent(stranger, () => stranger.topUp({streamId, amountWei: HOUR_DEPOSIT}));
      expect(error).toMatchObject({name: 'ContractRevertedError', reason: 'not sender'});
    });

    it('halted', async () => {
      const {streamId} = await requestor.createStream({recipient, depositWei: HOUR_DEPOSIT, ratePerSecondWei: RATE});
      const oracle = createChainClients({rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, privateKey: accounts[9]!.privateKey});
      const haltHash = await oracle.walletClient.writeContract({
        address: contractAddress,
        abi: streamPaymentAbi,
        functionName: 'haltStream',
        args: [streamId],
      });
      await oracle.publicClient.waitForTransactionReceipt({hash: haltHash});
      expect((await requestor.getStream(streamId)).halted).toBe(true);

      const error = await expectNothingSpent(requestor, () => requestor.topUp({streamId, amountWei: HOUR_DEPOSIT}));
      expect(error).toMatchObject({name: 'ContractRevertedError', reason: 'halted'});
    });

    it('value != deposit (a call the adapter never builds, mapped by mapChainError)', async () => {
      const error = await reader.publicClient
        .simulateContract({
          address: contractAddress,
          abi: streamPaymentAbi,
          functionName: 'createStream',
          args: [zeroAddress, recipient, HOUR_DEPOSIT, RATE],
          value: HOUR_DEPOSIT - 1n,
          account: accounts[1]!.address,
        })
        .then(
          () => undefined,
          (thrown: unknown) => mapChainError(thrown, 'createStream'),
        );
      expect(error).toBeInstanceOf(ContractRevertedError);
      expect(error?.shortMessage).toBe('StreamPayment.createStream reverted: value != deposit.');
      expect(error?.cause).toBeDefined();
    });

    it('maps a wallet that cannot pay the deposit to InsufficientFundsError with both amounts', async () => {
      const poorKey = generatePrivateKey();
      const poor = makeClient({privateKey: poorKey});
      await testClient.setBalance({address: poor.walletAddress, value: parseEther('0.001')});

      const error = await expectNothingSpent(poor, () =>
        poor.createStream({recipient, depositWei: parseEther('1'), ratePerSecondWei: RATE}),
      );

      expect(error).toBeInstanceOf(InsufficientFundsError);
      expect(error).toMatchObject({availableWei: parseEther('0.001')});
      expect((error as InsufficientFundsError).requiredWei).toBeGreaterThan(parseEther('1'));
    });
  });

  it('case-25: a chain id mismatch is a ChainError naming both ids, and nothing is signed', async () => {
    const wrongChain = makeClient({chainId: 393_530});
    await expect(wrongChain.verifyChain()).rejects.toThrowError(ChainError);
    await expect(wrongChain.verifyChain()).rejects.toThrowErrorMatchingInlineSnapshot(`
      [ChainError: The RPC endpoint ${anvil.rpcUrl} serves chain 31337 (anvil / local devnet), but the payments profile expects chain 393530 (Golem L2 Holesky). Nothing was signed.
      Hint: Point the RPC URL at the expected network, or choose the payments network that matches it (GOLEM_REQUESTOR_PAYMENTS_NETWORK).]
    `);
    const error = await expectNothingSpent(wrongChain, () =>
      wrongChain.createStream({recipient, depositWei: HOUR_DEPOSIT, ratePerSecondWei: RATE}),
    );
    expect(error).toBeInstanceOf(ChainError);
    expect((error as Error).message).toContain('31337');
    expect((error as Error).message).toContain('393530');
  });

  it('refuses an address without code (ChainError), before signing', async () => {
    const noCode = makeClient({contractAddress: privateKeyToAccount(generatePrivateKey()).address});
    await expect(noCode.verifyChain()).rejects.toThrowError(/No contract is deployed at 0x[0-9a-fA-F]{40} on chain 31337/);
    const error = await expectNothingSpent(noCode, () => noCode.topUp({streamId: 1n, amountWei: HOUR_DEPOSIT}));
    expect(error).toBeInstanceOf(ChainError);
  });

  it('maps an unreachable RPC to RpcUnavailableError', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const {port} = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const offline = makeClient({rpcUrl: `http://127.0.0.1:${port}`});
    await expect(offline.verifyChain()).rejects.toThrowError(RpcUnavailableError);
    await expect(offline.getBalance()).rejects.toMatchObject({name: 'RpcUnavailableError', code: 'CHAIN'});
  });

  describe('case-21: nonces', () => {
    it('case-21: a send that fails in simulation leaves no nonce gap; the next send works', async () => {
      const nonceBefore = await nonceOf(requestor.walletAddress);
      await expect(requestor.createStream({recipient, depositWei: RATE - 1n, ratePerSecondWei: RATE})).rejects.toMatchObject({
        reason: 'duration=0',
      });
      const {streamId} = await requestor.createStream({recipient, depositWei: HOUR_DEPOSIT, ratePerSecondWei: RATE});
      await requestor.topUp({streamId, amountWei: HOUR_DEPOSIT});
      expect(await nonceOf(requestor.walletAddress)).toBe(nonceBefore + 2);
    });

    it('case-21: two concurrent topUps from two clients sharing the lock both succeed', async () => {
      const first = makeClient({privateKey: accounts[4]!.privateKey});
      const second = makeClient({privateKey: accounts[4]!.privateKey});
      const {streamId} = await first.createStream({recipient, depositWei: HOUR_DEPOSIT, ratePerSecondWei: RATE});
      const before = await first.getStream(streamId);

      const results = await Promise.all([
        first.topUp({streamId, amountWei: HOUR_DEPOSIT}),
        second.topUp({streamId, amountWei: HOUR_DEPOSIT}),
        first.topUp({streamId, amountWei: HOUR_DEPOSIT}),
      ]);

      expect(new Set(results.map((result) => result.txHash)).size).toBe(3);
      const after = await first.getStream(streamId);
      expect(after.deposit).toBe(HOUR_DEPOSIT * 4n);
      expect(after.stopTime).toBe(before.stopTime + 3n * 3600n);
    });

    it('case-21: a broadcast whose answer is lost (HTTP 503 after the node took it) still counts as sent', async () => {
      const proxy = await startFlakyProxy(anvil.rpcUrl);
      try {
        const flaky = makeClient({rpcUrl: proxy.url, privateKey: accounts[5]!.privateKey});
        const nonceBefore = await nonceOf(flaky.walletAddress);
        const sent: Hex[] = [];

        const {streamId, txHash} = await flaky.createStream({
          recipient,
          depositWei: HOUR_DEPOSIT,
          ratePerSecondWei: RATE,
          onSent: (hash) => sent.push(hash),
        });

        expect(proxy.droppedAnswers).toBe(1); // viem never retries eth_sendRawTransaction itself
        expect(sent).toEqual([txHash]);
        expect((await flaky.getStream(streamId)).sender).toBe(flaky.walletAddress);
        expect(await nonceOf(flaky.walletAddress)).toBe(nonceBefore + 1);
      } finally {
        await proxy.close();
      }
    });
  });

  describe('case-22: receipts', () => {
    it('case-22: a broadcast lost in transport hands the hash over, then fails with RpcUnavailableError', async () => {
      const proxy = await startFlakyProxy(anvil.rpcUrl, {isBroadcastLost: true});
      try {
        const flaky = makeClient({rpcUrl: proxy.url, privateKey: accounts[6]!.privateKey});
        const sent: Hex[] = [];
        const error = await expectNothingSpent(flaky, () =>
          flaky.createStream({recipient, depositWei: HOUR_DEPOSIT, ratePerSecondWei: RATE, onSent: (hash) => sent.push(hash)}),
        );
        expect(error).toBeInstanceOf(RpcUnavailableError);
        expect(sent).toHaveLength(1);
        expect(await flaky.getTransactionState(sent[0]!)).toBe('unknown');
      } finally {
        await proxy.close();
      }
    });

    it('case-22: onSent gets the hash before the receipt resolves; getTransactionState follows it', async () => {
      const {streamId} = await requestor.createStream({recipient, depositWei: HOUR_DEPOSIT, ratePerSecondWei: RATE});
      await testClient.setAutomine(false);
      try {
        let isSettled = false;
        let announce: (hash: Hex) => void = () => undefined;
        const announced = new Promise<Hex>((resolve) => (announce = resolve));
        const topUp = requestor.topUp({streamId, amountWei: HOUR_DEPOSIT, onSent: (hash) => announce(hash)});
        void topUp.finally(() => (isSettled = true));

        const hash = await announced;
        expect(await requestor.getTransactionState(hash)).toBe('pending');
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(isSettled).toBe(false);

        await testClient.mine({blocks: 1});
        const result = await topUp;
        expect(result.txHash).toBe(hash);
        expect(await requestor.getTransactionState(hash)).toBe('success');
      } finally {
        await testClient.setAutomine(true);
      }
    });

    it('case-22: a receipt timeout is a ChainError saying the transaction may be pending, with the hash already handed out', async () => {
      const {streamId} = await requestor.createStream({recipient, depositWei: HOUR_DEPOSIT, ratePerSecondWei: RATE});
      const impatient = makeClient({receiptTimeoutMs: 400});
      await testClient.setAutomine(false);
      const sent: Hex[] = [];
      try {
        const error = await impatient.topUp({streamId, amountWei: HOUR_DEPOSIT, onSent: (hash) => sent.push(hash)}).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ChainError);
        expect((error as Error).message).toContain(`topUp transaction ${sent[0]} was sent, but no receipt arrived`);
        expect(await impatient.getTransactionState(sent[0]!)).toBe('pending');
      } finally {
        await testClient.setAutomine(true);
      }
      await testClient.mine({blocks: 1});
      expect(await impatient.getTransactionState(sent[0]!)).toBe('success');
    });

    it('case-22: getTransactionState reports reverted and unknown transactions', async () => {
      // Stream 1 belongs to another sender; a fixed gas limit skips estimation, so the revert is mined.
      const hash = await reader.walletClient.sendTransaction({
        to: contractAddress,
        data: encodeFunctionData({abi: streamPaymentAbi, functionName: 'topUp', args: [1n, 1n]}),
        gas: 100_000n,
      });
      await reader.publicClient.waitForTransactionReceipt({hash});
      expect(await requestor.getTransactionState(hash)).toBe('reverted');
      expect(await requestor.getTransactionState(`0x${'ab'.repeat(32)}`)).toBe('unknown');
    });
  });

  it('case-24: a stream with deposit 10n**18n serialises to JSON with decimal strings', async () => {
    const deposit = 10n ** 18n;
    const {streamId} = await requestor.createStream({recipient, depositWei: deposit, ratePerSecondWei: deposit / 3600n});
    const chain = await requestor.getStream(streamId);
    const now = await requestor.getBlockTimestamp();

    const json = JSON.parse(toJson({streamId, chain, computed: computeStream(chain, now)})) as {
      streamId: string;
      chain: {deposit: string; ratePerSecond: string};
      computed: {remainingSeconds: string};
    };

    expect(json.streamId).toBe(streamId.toString());
    expect(json.chain.deposit).toBe('1000000000000000000');
    expect(json.chain.ratePerSecond).toBe('277777777777777');
    expect(BigInt(json.computed.remainingSeconds)).toBeLessThanOrEqual(3600n);
  });
});

/**
 * A JSON-RPC proxy to `target` that forwards everything, but answers every `eth_sendRawTransaction` with HTTP 503:
 * after forwarding it (the node got the transaction, the client never heard so), or, with `isBroadcastLost`,
 * without forwarding it (the transaction never reached the node).
 */
async function startFlakyProxy(
  target: string,
  {isBroadcastLost = false}: {isBroadcastLost?: boolean} = {},
): Promise<{url: string; droppedAnswers: number; close(): Promise<void>}> {
  const state = {droppedAnswers: 0};
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      if (isBroadcastLost && body.includes('eth_sendRawTransaction')) {
        state.droppedAnswers += 1;
        response.writeHead(503).end('busy');
        return;
      }
      void fetch(target, {method: 'POST', headers: {'content-type': 'application/json'}, body}).then(async (upstream) => {
        const text = await upstream.text();
        if (body.includes('eth_sendRawTransaction')) {
          state.droppedAnswers += 1;
          response.writeHead(503).end('busy');
          return;
        }
        response.writeHead(upstream.status, {'content-type': 'application/json'}).end(text);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get droppedAnswers() {
      return state.droppedAnswers;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
