/**
 * A Golem Base JSON-RPC node for tests, on 127.0.0.1 and a free port, built from the documented formats
 * (reference §5.2.3–5.2.5): `golembase_queryEntities` (evaluating the query language of §5.2.3 with Go-style string
 * unquoting, as golembase-op-geth does), `golembase_getEntityMetaData`, `eth_blockNumber`; single and array bodies.
 * Switches: refuse array bodies (HTTP 400, or one error object like geth's "batch too large"), cap the batch size,
 * delay every request. Counters: HTTP requests, JSON-RPC calls, round trips (a request arriving while none is in
 * flight starts a new round trip), and every query string received. `GET /control/stats` and
 * `POST /control/reset-stats` expose the counters to another process.
 */
import Fastify from 'fastify';

/** One entity as the node stores it. */
export type TestEntity = {
  key: string;
  owner: string;
  expiresAtBlock: number;
  stringAnnotations: {key: string; value: string}[];
  numericAnnotations: {key: string; value: number}[];
};

export type GolemBaseServer = {
  readonly url: string;
  entities: TestEntity[];
  blockNumber: number;
  /** `false`: batches served; `'http-400'`: array bodies get HTTP 400; `'error-object'`: one JSON-RPC error object. */
  refuseBatches: false | 'http-400' | 'error-object';
  /** Array bodies longer than this get one `batch too large` error object (geth's behaviour). */
  maxBatchSize: number;
  /** Added to every HTTP request, ms. */
  delayMs: number;
  /** Methods answered with a JSON-RPC error (-32000 `<method> failed`). */
  failMethods: string[];
  readonly stats: {requests: number; calls: number; roundTrips: number; queries: string[]; batchSizes: number[]};
  resetStats(): void;
  close(): Promise<void>;
};

/** Options for a generated provider entity; everything has a sensible default. */
export type ProviderEntityOptions = {
  index: number;
  providerId?: string;
  owner?: string;
  network?: string;
  paymentsNetwork?: string;
  ipAddress?: string;
  name?: string;
  country?: string;
  platform?: string;
  cpu?: number;
  memory?: number;
  storage?: number;
  prices?: {core?: string; ram?: string; storage?: string};
  expiresAtBlock?: number;
  extraStrings?: {key: string; value: string}[];
};

/** A deterministic address for `index` (lower case). */
export const addressFor = (index: number) => `0x${(index + 1).toString(16).padStart(40, '0')}`;

/** A provider advert entity as a provider publishes it (reference §5.2.4). */
export function providerEntity(options: ProviderEntityOptions): TestEntity {
  const id = options.providerId ?? addressFor(options.index);
  const strings: Record<string, string | undefined> = {
    golem_type: 'provider',
    golem_network: options.network ?? 'mainnet',
    golem_payments_network: options.paymentsNetwork ?? 'l2.holesky',
    golem_provider_id: id,
    golem_ip_address: options.ipAddress ?? '127.0.0.1',
    golem_country: options.country ?? 'SE',
    golem_provider_name: options.name ?? `provider-${options.index}`,
    golem_platform: options.platform ?? 'x86_64',
    golem_price_currency: 'USD/GLM',
    golem_price_usd_core_month: options.prices?.core ?? '5.0',
    golem_price_usd_ram_gb_month: options.prices?.ram ?? '2.0',
    golem_price_usd_storage_gb_month: options.prices?.storage ?? '0.1',
    golem_price_glm_core_month: '20.0',
    golem_price_glm_ram_gb_month: '8.0',
    golem_price_glm_storage_gb_month: '1e-05',
  };
  return {
    key: `0x${(options.index + 1).toString(16).padStart(64, '0')}`,
    owner: options.owner ?? id,
    expiresAtBlock: options.expiresAtBlock ?? 20_000,
    stringAnnotations: [
      ...Object.entries(strings).flatMap(([key, value]) => (value === undefined ? [] : [{key, value}])),
      ...(options.extraStrings ?? []),
    ],
    numericAnnotations: [
      {key: 'golem_cpu', value: options.cpu ?? 4},
      {key: 'golem_memory', value: options.memory ?? 8},
      {key: 'golem_storage', value: options.storage ?? 100},
    ],
  };
}

// ── the query language (reference §5.2.3; golembase-op-geth golem-base/query/language.go) ──────────────────

type Token = {kind: 'op' | 'paren' | 'string' | 'number' | 'ident'; text: string};
type Expression =
  | {kind: 'or' | 'and'; parts: Expression[]}
  | {kind: 'compare'; key: string; op: string; value: string | number};

const TOKEN =
  /\s+|(?<paren>[()])|(?<op>&&|\|\||!=|>=|<=|=|>|<)|(?<string>"(?:[^"\\]|\\.)*")|(?<number>[0-9]+)|(?<ident>[A-Za-z_][A-Za-z0-9_]*)/y;

/** Go `strconv.Unquote` for the escapes a client may send; a raw control character is an error, as in Go. */
function unquote(literal: string): string {
  const body = literal.slice(1, -1);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001F]/.test(body)) throw new Error('raw control character in string');
  return body.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_, escape: string) => {
    if (escape.startsWith('u') || escape.startsWith('x')) return String.fromCharCode(Number.parseInt(escape.slice(1), 16));
    const simple: Record<string, string> = {'\\': '\\', '"': '"', n: '\n', t: '\t', r: '\r'};
    if (!(escape in simple)) throw new Error(`bad escape \\${escape}`);
    return simple[escape]!;
  });
}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < query.length) {
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(query);
    if (!match) throw new Error(`unexpected input at ${at}`);
    const groups = match.groups ?? {};
    const kind = (['paren', 'op', 'string', 'number', 'ident'] as const).find((name) => groups[name] !== undefined);
    if (kind) tokens.push({kind, text: kind === 'string' ? unquote(match[0]) : match[0]});
  }
  return tokens;
}

function parseQuery(query: string): Expression {
  const tokens = tokenize(query);
  let position = 0;
  const peek = () => tokens[position];
  const take = () => tokens[position++];
  const parseList = (kind: 'or' | 'and', separator: string, parseItem: () => Expression): Expression => {
    const parts = [parseItem()];
    while (peek()?.text === separator && peek()?.kind === 'op') {
      take();
      parts.push(parseItem());
    }
    return parts.length === 1 ? parts[0]! : {kind, parts};
  };
  const parseTerm = (): Expression => {
    const token = take();
    if (token?.kind === 'paren' && token.text === '(') {
      const inner = parseOr();
      if (take()?.text !== ')') throw new Error('missing )');
      return inner;
    }
    const op = take();
    const value = take();
    if (token?.kind !== 'ident' || op?.kind !== 'op' || (value?.kind !== 'string' && value?.kind !== 'number')) {
      throw new Error('expected <annotation> <operator> <value>');
    }
    return {kind: 'compare', key: token.text, op: op.text, value: value.kind === 'number' ? Number(value.text) : value.text};
  };
  const parseAnd = () => parseList('and', '&&', parseTerm);
  const parseOr = (): Expression => parseList('or', '||', parseAnd);
  const expression = parseOr();
  if (position !== tokens.length) throw new Error('trailing input');
  return expression;
}

function matches(expression: Expression, entity: TestEntity): boolean {
  if (expression.kind !== 'compare') {
    return expression.kind === 'or'
      ? expression.parts.some((part) => matches(part, entity))
      : expression.parts.every((part) => matches(part, entity));
  }
  const {key, op, value} = expression;
  const list: {key: string; value: string | number}[] =
    typeof value === 'number' ? entity.numericAnnotations : entity.stringAnnotations;
  return list.some((annotation) => {
    if (annotation.key !== key) return false;
    const actual = annotation.value;
    switch (op) {
      case '=':
        return actual === value;
      case '!=':
        return actual !== value;
      case '>=':
        return actual >= value;
      case '<=':
        return actual <= value;
      case '>':
        return actual > value;
      default:
        return actual < value;
    }
  });
}

// ── the server ──────────────────────────────────────────────────────────────────────────────────────────

type Request = {jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown};

/** Starts the node; close it with `close()`. */
export async function startGolemBaseServer(initial: {entities?: TestEntity[]; blockNumber?: number} = {}): Promise<GolemBaseServer> {
  const app = Fastify({bodyLimit: 50 * 1024 * 1024, forceCloseConnections: true});
  let inFlight = 0;
  // Metadata lookups by key, rebuilt whenever a test replaces or edits the entity list.
  let indexed: {entities: TestEntity[]; size: number; byKey: Map<string, TestEntity>} | null = null;
  const entityByKey = (key: string): TestEntity | undefined => {
    if (!indexed || indexed.entities !== server.entities || indexed.size !== server.entities.length) {
      indexed = {entities: server.entities, size: server.entities.length, byKey: new Map(server.entities.map((entity) => [entity.key, entity]))};
    }
    return indexed.byKey.get(key);
  };

  const answer = (request: Request): unknown => {
    const id = request.id ?? null;
    const error = (code: number, message: string) => ({jsonrpc: '2.0', id, error: {code, message}});
    const params = Array.isArray(request.params) ? request.params : [];
    server.stats.calls++;
    if (server.failMethods.includes(String(request.method))) return error(-32000, `${String(request.method)} failed`);
    switch (request.method) {
      case 'eth_blockNumber':
        return {jsonrpc: '2.0', id, result: `0x${server.blockNumber.toString(16)}`};
      case 'golembase_queryEntities': {
        const query = params[0];
        if (typeof query !== 'string') return error(-32602, 'invalid argument 0: query must be a string');
        server.stats.queries.push(query);
        let expression: Expression;
        try {
          expression = parseQuery(query);
        } catch (caught) {
          return error(-32000, `failed to parse query: ${(caught as Error).message}`);
        }
        const found = server.entities.filter((entity) => entity.expiresAtBlock > server.blockNumber && matches(expression, entity));
        return {jsonrpc: '2.0', id, result: found.length === 0 ? null : found.map((entity) => ({key: entity.key, value: ''}))};
      }
      case 'golembase_getEntityMetaData': {
        const entity = entityByKey(String(params[0]).toLowerCase());
        if (!entity) return error(-32000, 'entity not found');
        const {key: _key, ...metadata} = entity;
        return {jsonrpc: '2.0', id, result: metadata};
      }
      default:
        return error(-32601, `the method ${String(request.method)} does not exist/is not available`);
    }
  };

  app.post('/', async (request, reply) => {
    server.stats.requests++;
    if (inFlight === 0) server.stats.roundTrips++;
    inFlight++;
    try {
      if (server.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, server.delayMs));
      const body = request.body as Request | Request[];
      if (!Array.isArray(body)) return answer(body);
      server.stats.batchSizes.push(body.length);
      if (server.refuseBatches === 'http-400') return reply.code(400).send({error: 'batch requests are not supported'});
      if (server.refuseBatches === 'error-object' || body.length > server.maxBatchSize) {
        return {jsonrpc: '2.0', id: null, error: {code: -32600, message: 'batch too large'}};
      }
      return body.map(answer);
    } finally {
      inFlight--;
    }
  });
  // Control routes for a server in another process (golem-base-server-process.ts); not counted as node traffic.
  app.get('/control/stats', () => server.stats);
  app.post('/control/reset-stats', () => {
    server.resetStats();
    return {ok: true};
  });
  await app.listen({host: '127.0.0.1', port: 0});
  const {port} = app.server.address() as {port: number};

  const server: GolemBaseServer = {
    url: `http://127.0.0.1:${port}/`,
    entities: initial.entities ?? [],
    blockNumber: initial.blockNumber ?? 10_000,
    refuseBatches: false,
    maxBatchSize: 1000,
    delayMs: 0,
    failMethods: [],
    stats: {requests: 0, calls: 0, roundTrips: 0, queries: [], batchSizes: []},
    resetStats() {
      Object.assign(server.stats, {requests: 0, calls: 0, roundTrips: 0, queries: [], batchSizes: []});
    },
    close: () => app.close(),
  };
  return server;
}
