import {
  BaseError,
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  encodeErrorResult,
  ExecutionRevertedError,
  HttpRequestError,
  InsufficientFundsError as ViemInsufficientFundsError,
  TimeoutError,
  parseAbi,
} from 'viem';
import {describe, expect, it} from 'vitest';
import {streamPaymentAbi} from '../../../../contracts/abi/stream-payment.js';
import {mapChainError} from '../../../../source/adapters/chain/errors.js';
import {
  ChainError,
  ContractRevertedError,
  InsufficientFundsError,
  NotFoundError,
  RpcUnavailableError,
} from '../../../../source/errors.js';

function revertWith(reason: string): BaseError {
  const data = encodeErrorResult({abi: parseAbi(['error Error(string)']), errorName: 'Error', args: [reason]});
  const reverted = new ContractFunctionRevertedError({abi: streamPaymentAbi, data, functionName: 'topUp'});
  return new ContractFunctionExecutionError(reverted, {abi: streamPaymentAbi, functionName: 'topUp', args: [1n, 10n ** 18n]});
}

describe('mapChainError', () => {
  it('maps a decoded revert to ContractRevertedError with the revert string, keeping the cause', () => {
    const original = revertWith('halted');
    const mapped = mapChainError(original, 'topUp');
    expect(mapped).toBeInstanceOf(ContractRevertedError);
    expect(mapped).toMatchObject({reason: 'halted', code: 'CHAIN', cause: original});
    expect(mapped.message).toMatchInlineSnapshot(`
      "StreamPayment.topUp reverted: halted.
      Hint: The stream was halted and cannot be topped up; terminate it (\`golem vm stream terminate --stream-id N\`) to get the rest back, and open a new one."
    `);
  });

  it("maps a node's undecoded 'execution reverted: …' to ContractRevertedError", () => {
    const original = new BaseError('Execution failed', {cause: new ExecutionRevertedError({message: 'execution reverted: no-stream'})});
    expect(mapChainError(original, 'terminate')).toMatchObject({name: 'ContractRevertedError', reason: 'no-stream'});
  });

  it('maps insufficient funds, with amounts from the context or from the node message', () => {
    const fromNode = new ViemInsufficientFundsError({
      cause: new BaseError('insufficient funds for gas * price + value: have 100 want 250'),
    });
    const parsed = mapChainError(fromNode, 'createStream');
    expect(parsed).toBeInstanceOf(InsufficientFundsError);
    expect(parsed).toMatchObject({requiredWei: 250n, availableWei: 100n, cause: fromNode});

    const withContext = mapChainError(new BaseError('x', {cause: new ViemInsufficientFundsError()}), 'topUp', {
      requiredWei: 10n ** 18n,
      availableWei: 5n,
    });
    expect(withContext.message).toContain('need 1000000000000000000 wei, the wallet has 5 wei');
  });

  it('maps HTTP failures and timeouts to RpcUnavailableError naming the URL', () => {
    const http = new HttpRequestError({url: 'http://127.0.0.1:9/rpc', status: 503, body: {method: 'eth_chainId'}});
    expect(mapChainError(new BaseError('request failed', {cause: http}), 'eth_chainId')).toMatchObject({
      name: 'RpcUnavailableError',
      shortMessage: 'Cannot reach the RPC endpoint http://127.0.0.1:9/rpc.',
    });
    const timeout = new TimeoutError({body: {method: 'eth_call', params: [10n ** 18n]}, url: 'http://rpc.example'});
    expect(mapChainError(timeout, 'streams')).toBeInstanceOf(RpcUnavailableError);
  });

  it('returns an AppError unchanged and wraps other viem errors as ChainError with sanitised details', () => {
    const appError = new NotFoundError({entity: 'stream', id: '7'});
    expect(mapChainError(appError, 'streams')).toBe(appError);
    const other = mapChainError(new BaseError('weird \u001B[31mnode\u0007 answer'), 'eth_getCode');
    expect(other).toBeInstanceOf(ChainError);
    expect(other.details).toBe('weird node answer');
  });

  it('case-24: never throws while formatting bigint metadata, cycles or hostile getters', () => {
    const withBigints = {deposit: 10n ** 18n, nested: {rate: 2n}};
    expect(mapChainError(withBigints, 'createStream').details).toBe(
      '{"deposit":"1000000000000000000","nested":{"rate":"2"}}',
    );

    const cyclic: Record<string, unknown> = {amount: 1n};
    cyclic['self'] = cyclic;
    expect(mapChainError(cyclic, 'createStream')).toBeInstanceOf(ChainError);

    const hostile = new Error('hidden');
    Object.defineProperty(hostile, 'message', {
      get() {
        throw new Error('getter exploded');
      },
    });
    const mapped = mapChainError(hostile, 'topUp');
    expect(mapped).toBeInstanceOf(ChainError);
    expect(mapped.shortMessage).toBe('The chain call topUp failed.');
    expect(mapped.cause).toBe(hostile);
  });
});
