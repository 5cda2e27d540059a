/**
 * Fuzz test of issue 6 item 4: a seeded generator builds hostile responses (wrong types, missing fields, huge
 * numbers, NaN strings, HTML, truncated JSON, control/escape sequences, 2 MB bodies, slow drips, odd statuses)
 * that a real local HTTP server sends to the provider client and to the central discovery client. Every call
 * must end in a parsed value whose strings are all sanitised, or an `AppError` whose message is sanitised and
 * short — never another exception, and never later than its deadline.
 */
import {once} from 'node:events';
import {createServer, type Server, type ServerResponse} from 'node:http';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createCentralDiscovery} from '../../../source/adapters/discovery/central.js';
import {createProviderApi} from '../../../source/adapters/provider/provider-client.js';
import {AppError} from '../../../source/errors.js';

/** mulberry32: a small seeded PRNG, so a failing case can be replayed from its seed and index. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Random = () => number;
const pick = <T,>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** Anything a terminal would interpret: C0/C1 controls, DEL, bidi overrides. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

const HOSTILE_STRINGS = [
  '\u001B[2J\u001B[H owned',
  '\u001B]0;pwned title\u0007',
  'name\r\nInjected: line',
  '\u009B31m c1 csi',
  'bidi \u202Egnp.exe',
  'nul\u0000byte',
  'tab\tand\u007Fdel',
  '<script>alert(1)</script>',
  '',
  ' '.repeat(3),
  'x'.repeat(5000),
];

/** Placeholders replaced in the serialized text by literals JSON.stringify cannot write. */
const RAW_LITERALS: Record<string, string> = {
  '"__HUGE_INT__"': '123456789012345678901234567890123456789',
  '"__HUGE_FLOAT__"': '1e400',
  '"__NEG_HUGE__"': '-99999999999999999999999',
  '"__FRACTION__"': '3.5',
  '"__NEG_ZERO__"': '-0',
};

function junkValue(random: Random): unknown {
  return pick(random, [
    null,
    true,
    [],
    {},
    -1,
    0,
    2 ** 53 + 1,
    'NaN',
    'Infinity',
    '-5',
    '0x10',
    '__HUGE_INT__',
    '__HUGE_FLOAT__',
    '__NEG_HUGE__',
    '__FRACTION__',
    '__NEG_ZERO__',
    [1, 2, 3],
    {nested: {deeper: pick(random, HOSTILE_STRINGS)}},
    pick(random, HOSTILE_STRINGS),
    pick(random, HOSTILE_STRINGS),
  ]);
}

const ADDRESS = '0x' + 'a1'.repeat(20);
const OTHER = '0x' + 'B2'.repeat(20);

function validBodies(random: Random): Record<Operation, unknown> {
  const text = () => (random() < 0.5 ? pick(random, HOSTILE_STRINGS) : 'ok');
  const vmInfo = {id: 'fuzz-vm', name: text(), status: pick(random, ['running', 'creating', 'STOPPED', 'Starting', text()]), resources: {cpu: 2, memory: 4, storage: 20}, ssh_port: 50_800};
  return {
    info: {provider_id: ADDRESS, stream_payment_address: OTHER, glm_token_address: ADDRESS, ip_address: text(), country: text(), platform: text()},
    vm: vmInfo,
    access: {ssh_host: pick(random, ['localhost', '10.0.0.5', text()]), ssh_port: 50_801, vm_id: text()},
    job: {status: pick(random, ['creating', 'ready', 'failed']), error: text()},
    stream: {
      stream_id: '__HUGE_INT__',
      chain: {token: ADDRESS, sender: OTHER, recipient: ADDRESS, startTime: 1, stopTime: 2, ratePerSecond: 3, deposit: '__HUGE_INT__', withdrawn: 0, halted: false},
      computed: {now: 5, remaining_seconds: 6, vested_wei: 7, withdrawable_wei: 8},
      verified: true,
      reason: text(),
    },
    create: {job_id: text(), vm_id: text(), status: 'creating'},
    stop: vmInfo,
    delete: null,
    adverts: Array.from({length: 1 + Math.floor(random() * 4)}, (_, index) => ({
      provider_id: index === 0 ? ADDRESS : pick(random, [OTHER, text()]),
      ip_address: pick(random, ['127.0.0.1', '::1', text()]),
      provider_port: pick(random, [7466, 50_000, text()]),
      provider_name: text(),
      country: text(),
      platform: text(),
      resources: {cpu: 4, memory: 8, storage: 100},
      pricing: {usd_per_core_month: pick(random, ['5.5', text(), 7]), usd_per_gb_ram_month: '1', usd_per_gb_storage_month: '0.1'},
      updated_at: pick(random, ['2026-11-30T12:00:00Z', text()]),
    })),
  };
}

/** Replaces or removes up to three random leaves/fields of `value`. */
function mutate(random: Random, value: unknown, depth = 0): unknown {
  if (depth > 0 && random() < 0.15) return junkValue(random);
  if (Array.isArray(value)) return value.map((item) => (random() < 0.3 ? mutate(random, item, depth + 1) : item));
  if (value && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const roll = random();
      if (roll < 0.08) continue; // missing field
      copy[key] = roll < 0.3 ? mutate(random, item, depth + 1) : item;
    }
    if (random() < 0.1) copy[pick(random, HOSTILE_STRINGS).slice(0, 20)] = junkValue(random);
    return copy;
  }
  return random() < 0.5 ? junkValue(random) : value;
}

function serialize(value: unknown): string {
  let text = JSON.stringify(value) ?? 'null';
  for (const [placeholder, literal] of Object.entries(RAW_LITERALS)) text = text.replaceAll(placeholder, literal);
  return text;
}

type Operation = 'info' | 'vm' | 'access' | 'job' | 'stream' | 'create' | 'stop' | 'delete' | 'adverts';
const PROVIDER_OPERATIONS: readonly Operation[] = ['info', 'vm', 'access', 'job', 'stream', 'create', 'stop', 'delete'];

type Kind = 'valid' | 'mutated' | 'html' | 'truncated' | 'huge' | 'drip' | 'error-status' | 'empty' | 'wrong-root';

type Spec = {
  readonly kind: Kind;
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** Send the body one byte every 40 ms (a slow drip that outlasts the deadline). */
  readonly drip: boolean;
};

const TWO_MB = 2 * 1024 * 1024;

function generate(random: Random, operation: Operation): Spec {
  const valid = validBodies(random)[operation];
  const okStatus = operation === 'create' ? pick(random, [202, 200]) : 200;
  const json = {'content-type': 'application/json'};
  const kind = pick<Kind>(random, ['valid', 'mutated', 'mutated', 'mutated', 'html', 'truncated', 'huge', 'drip', 'error-status', 'error-status', 'empty', 'wrong-root']);
  switch (kind) {
    case 'valid':
      return {kind, status: okStatus, headers: json, body: serialize(valid), drip: false};
    case 'mutated':
      return {kind, status: okStatus, headers: json, body: serialize(mutate(random, valid)), drip: false};
    case 'html':
      return {
        kind,
        status: pick(random, [200, 502, 403]),
        headers: {'content-type': 'text/html'},
        body: `<!DOCTYPE html><html><head><title>\u001B[31mCaptive portal</title></head><body><h1>Login</h1>${pick(random, HOSTILE_STRINGS)}</body></html>`,
        drip: false,
      };
    case 'truncated': {
      const full = serialize(valid);
      return {kind, status: okStatus, headers: json, body: full.slice(0, Math.floor(random() * full.length)), drip: false};
    }
    case 'huge': {
      const filler = pick(random, ['[' + '"\u001B[2J",'.repeat(TWO_MB / 8) + '1]', 'A'.repeat(TWO_MB), `{"detail":"${'\u0007'.repeat(TWO_MB)}"}`]);
      const headers: Record<string, string> = random() < 0.5 ? json : {...json, 'x-declared': 'no'};
      return {kind, status: pick(random, [200, 500]), headers, body: filler, drip: false};
    }
    case 'drip':
      return {kind, status: 200, headers: json, body: serialize(valid).padEnd(400, ' '), drip: true};
    case 'error-status': {
      const status = pick(random, [400, 401, 404, 405, 409, 422, 429, 500, 502, 503, 504, 302, 418]);
      const detail = pick<unknown>(random, [
        {detail: pick(random, HOSTILE_STRINGS)},
        {detail: [{loc: ['body', pick(random, HOSTILE_STRINGS)], msg: pick(random, HOSTILE_STRINGS)}]},
        {detail: {code: '\u001B[1mADV_001', message: pick(random, HOSTILE_STRINGS)}},
        {message: 'An unexpected error occurred'},
        {message: pick(random, HOSTILE_STRINGS)},
        mutate(random, {detail: 'invalid stream: recipient mismatch'}),
      ]);
      const headers: Record<string, string> = {...json};
      if (status === 429) headers['retry-after'] = pick(random, ['0', '1', '120', 'soon', new Date(Date.now() + 500).toUTCString()]);
      return {kind, status, headers, body: serialize(detail), drip: false};
    }
    case 'empty':
      return {kind, status: pick(random, [200, 202, 204, 500]), headers: json, body: '', drip: false};
    case 'wrong-root':
      return {kind, status: okStatus, headers: json, body: serialize(pick<unknown>(random, [42, 'string', [valid], {data: valid}, true, null])), drip: false};
  }
}

let current: Spec | undefined;
let server: Server;
let baseUrl: URL;

function send(response: ServerResponse, spec: Spec) {
  if (!spec.drip && spec.headers['x-declared'] === 'no') {
    // Chunked, without Content-Length: the client must stop reading at its limit by counting.
    response.writeHead(spec.status, spec.headers);
    for (let start = 0; start < spec.body.length && !response.destroyed; start += 64 * 1024) {
      response.write(spec.body.slice(start, start + 64 * 1024));
    }
    response.end();
    return;
  }
  if (!spec.drip) {
    response.writeHead(spec.status, spec.headers);
    response.end(spec.body);
    return;
  }
  response.writeHead(spec.status, spec.headers);
  let index = 0;
  const timer = setInterval(() => {
    if (index >= spec.body.length || response.destroyed) {
      clearInterval(timer);
      response.end();
      return;
    }
    response.write(spec.body[index++]);
  }, 40);
  response.on('close', () => clearInterval(timer));
}

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    if (!current) {
      response.writeHead(500).end();
      return;
    }
    send(response, current);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseUrl = new URL(`http://127.0.0.1:${(server.address() as {port: number}).port}`);
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Every string inside `value` (depth-first), bigint and numbers skipped. */
function strings(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') found.push(value);
  else if (Array.isArray(value)) for (const item of value) strings(item, found);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) strings(item, found);
  return found;
}

const TIMEOUT_MS = 400;
/** Longest any one call may take: three attempts of TIMEOUT_MS, two Retry-After waits of at most 1 s, slack. */
const DEADLINE_MS = 3 * TIMEOUT_MS + 2 * 1000 + 1500;

type Tally = Record<string, number>;

async function fuzz(
  cases: number,
  seed: number,
  operations: readonly Operation[],
  call: (operation: Operation) => Promise<unknown>,
): Promise<{tally: Tally; problems: string[]}> {
  const random = prng(seed);
  const tally: Tally = {};
  const problems: string[] = [];
  for (let index = 0; index < cases; index++) {
    const operation = pick(random, operations);
    const spec = generate(random, operation);
    current = spec;
    const started = performance.now();
    let outcome: string;
    try {
      const value = await call(operation);
      outcome = 'parsed';
      const unsafe = strings(value).find((text) => UNSAFE.test(text));
      if (unsafe !== undefined) problems.push(`#${index} ${operation}/${spec.kind}: unsanitised value ${JSON.stringify(unsafe.slice(0, 60))}`);
    } catch (error) {
      outcome = error instanceof AppError ? error.name : 'crash';
      if (!(error instanceof AppError)) {
        problems.push(`#${index} ${operation}/${spec.kind}: not an AppError: ${String(error)}`);
      } else {
        if (UNSAFE.test(error.message.replaceAll('\n', ' '))) {
          problems.push(`#${index} ${operation}/${spec.kind}: unsanitised error ${JSON.stringify(error.message.slice(0, 200))}`);
        }
        if (error.message.length > 2000) problems.push(`#${index} ${operation}/${spec.kind}: error of ${error.message.length} characters`);
        if (!error.hint) problems.push(`#${index} ${operation}/${spec.kind}: error without a hint: ${error.message}`);
      }
    }
    const elapsed = performance.now() - started;
    if (elapsed > DEADLINE_MS) problems.push(`#${index} ${operation}/${spec.kind}: took ${Math.round(elapsed)} ms`);
    const key = `${spec.kind} → ${outcome}`;
    tally[key] = (tally[key] ?? 0) + 1;
  }
  return {tally, problems};
}

function report(name: string, cases: number, tally: Tally) {
  const lines = Object.entries(tally)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, count]) => `  ${key}: ${count}`);
  console.log(`${name}: ${cases} generated responses\n${lines.join('\n')}`);
}

describe('fuzzed responses', () => {
  it('provider client: 700 hostile responses each end in a sanitised value or an AppError, within the deadline', async () => {
    const api = createProviderApi({
      providerId: ADDRESS,
      host: baseUrl.hostname,
      port: Number(baseUrl.port),
      timeoutMs: TIMEOUT_MS,
      retryBaseDelayMs: 1,
    });
    const cases = 700;
    const {tally, problems} = await fuzz(cases, 0x601e_0006, PROVIDER_OPERATIONS, async (operation) => {
      switch (operation) {
        case 'info':
          return api.getInfo();
        case 'vm':
          return api.getVm('fuzz-vm');
        case 'access':
          return api.getAccess('fuzz-vm');
        case 'job':
          return api.getJob('job-1');
        case 'stream':
          return api.getStream('fuzz-vm');
        case 'create':
          return api.createVm({name: 'fuzz-vm', resources: {cpu: 2, memory: 4, storage: 20}, sshKey: 'ssh-ed25519 AAAA', streamId: 7n});
        case 'stop':
          return api.stopVm('fuzz-vm');
        default:
          return api.deleteVm('fuzz-vm');
      }
    });
    report('provider client', cases, tally);
    expect(problems).toEqual([]);
    expect(Object.values(tally).reduce((sum, count) => sum + count, 0)).toBe(cases);
  }, 600_000);

  it('central discovery client: 400 hostile responses each end in sanitised adverts or an AppError, within the deadline', async () => {
    const discovery = createCentralDiscovery({url: baseUrl.origin, defaultPort: 7466, timeoutMs: TIMEOUT_MS});
    const cases = 400;
    const {tally, problems} = await fuzz(cases, 0x601e_0007, ['adverts'], () => discovery.findProviders({}));
    report('central discovery client', cases, tally);
    expect(problems).toEqual([]);
  }, 600_000);
});
