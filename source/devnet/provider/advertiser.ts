/**
 * Posts the devnet provider's advert to the central discovery server (reference §5.1): at start, after every
 * change of allocated resources, and periodically so it stays within the server's freshness window.
 */
import type {PrivateKeyAccount} from 'viem/accounts';

/** The advert body; `provider_name` and `provider_port` are devnet extensions (real providers listen on 7466). */
export type AdvertBody = {
  readonly ip_address: '127.0.0.1';
  readonly country: string;
  readonly platform: string;
  readonly resources: {readonly cpu: number; readonly memory: number; readonly storage: number};
  readonly pricing: Readonly<Record<string, string | null>>;
  readonly provider_name: string;
  readonly provider_port: number;
};

/** Options of `createAdvertiser`. */
export type AdvertiserOptions = {
  readonly discoveryUrl: string;
  readonly account: PrivateKeyAccount;
  /** Builds the current advert (resources available now). */
  readonly body: () => AdvertBody;
  readonly intervalMs: number;
  readonly log: (line: string) => void;
};

const REQUEST_TIMEOUT_MS = 5_000;

/**
 * Creates the advertiser.
 * - `post()` sends the current advert, or withdraws it while some resource is fully allocated (discovery accepts
 *   only resources ≥ 1). Posts are serialised; failures are logged, never thrown, as a provider keeps running
 *   while discovery is down.
 * - `start()` begins the periodic re-post; `stop()` ends it and withdraws the advert (best effort).
 */
export function createAdvertiser(options: AdvertiserOptions) {
  const base = options.discoveryUrl.replace(/\/+$/, '');
  let queue: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let isStopped = false;

  const credentials = async (payload: string) => ({
    'x-provider-id': options.account.address,
    // Upstream sends the literal "signature" and the server does not check it; we sign the body instead.
    'x-provider-signature': await options.account.signMessage({message: payload}),
  });

  const withdraw = async (timeoutMs: number) =>
    fetch(`${base}/api/v1/advertisements/${options.account.address}`, {
      method: 'DELETE',
      headers: await credentials(options.account.address),
      signal: AbortSignal.timeout(timeoutMs),
    });

  const send = async () => {
    if (isStopped) return;
    const body = options.body();
    try {
      // Discovery refuses resources below 1; a full provider withdraws its advert instead of leaving a stale one.
      if (Object.values(body.resources).some((value) => value < 1)) {
        const response = await withdraw(REQUEST_TIMEOUT_MS);
        if (!response.ok && response.status !== 404) options.log(`advert withdrawal refused by ${base}: ${response.status}`);
        return;
      }
      const payload = JSON.stringify(body);
      const response = await fetch(`${base}/api/v1/advertisements`, {
        method: 'POST',
        headers: {'content-type': 'application/json', ...(await credentials(payload))},
        body: payload,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      if (!response.ok) options.log(`advert refused by ${base}: ${response.status} ${await response.text()}`);
    } catch (error) {
      options.log(`advert to ${base} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const post = (): Promise<void> => {
    queue = queue.then(send);
    return queue;
  };

  return {
    post,
    start(): void {
      timer = setInterval(() => void post(), options.intervalMs);
      timer.unref();
    },
    async stop(): Promise<void> {
      clearInterval(timer);
      await queue;
      isStopped = true;
      try {
        await withdraw(1_000);
      } catch {
        // Discovery may already be gone (devnet down closes it first); its freshness window expires the advert.
      }
    },
  };
}
