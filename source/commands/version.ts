import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {z} from 'zod';
import {packageRoot} from '../lib/package-root.js';
import {sanitizeText} from '../lib/sanitize.js';
import {defineCommand} from './command.js';
import {writeJson, writeLines} from './output.js';
import {NO_REDIRECT} from '../lib/no-redirect.js';

/** How long `golem version` waits for the registry before printing without it (reference §11: short timeout). */
export const UPDATE_CHECK_TIMEOUT_MS = 1500;

function packageJson(): {name: string; version: string} {
  try {
    const parsed = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as {name?: unknown; version?: unknown};
    return {
      name: typeof parsed.name === 'string' ? parsed.name : 'golem-requestor',
      version: typeof parsed.version === 'string' ? parsed.version : 'unknown',
    };
  } catch {
    return {name: 'golem-requestor', version: 'unknown'};
  }
}

/** The installed version, read from our own package.json (`unknown` when it cannot be read). */
export function installedVersion(): string {
  return packageJson().version;
}

/**
 * Where to ask for the latest release: `https://registry.npmjs.org/<package name>/latest` (reference §11 ➜ TS),
 * or `GOLEM_REQUESTOR_UPDATE_URL` (tests point it at a local server).
 */
export function updateCheckUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env['GOLEM_REQUESTOR_UPDATE_URL'] || `https://registry.npmjs.org/${packageJson().name}/latest`;
}

const SEMVER = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/**
 * Compares two semver versions (major.minor.patch, prerelease lower than its release, prerelease identifiers
 * compared numerically or lexically per semver §11). Returns <0, 0, >0; null when either is not semver.
 */
export function compareVersions(a: string, b: string): number | null {
  const left = SEMVER.exec(a.trim());
  const right = SEMVER.exec(b.trim());
  if (!left || !right) return null;
  for (let index = 1; index <= 3; index += 1) {
    const difference = Number(left[index]) - Number(right[index]);
    if (difference !== 0) return Math.sign(difference);
  }
  const [leftPre, rightPre] = [left[4], right[4]];
  if (leftPre === rightPre) return 0;
  if (leftPre === undefined) return 1;
  if (rightPre === undefined) return -1;
  const leftParts = leftPre.split('.');
  const rightParts = rightPre.split('.');
  for (let index = 0; index < Math.max(leftParts.length, rightParts.length); index += 1) {
    const [x, y] = [leftParts[index], rightParts[index]];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const [xNumeric, yNumeric] = [/^\d+$/.test(x), /^\d+$/.test(y)];
    if (xNumeric && yNumeric && Number(x) !== Number(y)) return Math.sign(Number(x) - Number(y));
    if (xNumeric !== yNumeric) return xNumeric ? -1 : 1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

const RegistryLatest = z.object({version: z.string().regex(SEMVER)});

/**
 * Asks the registry for the latest published version (`GET url` → `{"version": …}`), giving up after `timeoutMs`.
 * Returns null on any failure (offline, timeout, non-2xx, junk body): the version command never fails because of it.
 */
export async function fetchLatestVersion(parameters: {url: string; timeoutMs?: number; signal?: AbortSignal}): Promise<string | null> {
  return (await checkLatestVersion(parameters)).latest;
}

/**
 * Like `fetchLatestVersion`, but says why there is no answer: `error` is one line ("no answer within 1.5 s",
 * "the registry answered HTTP 500", "the registry's answer has no version", or the connection error), null on success.
 * Never throws.
 */
export async function checkLatestVersion({
  url,
  timeoutMs = UPDATE_CHECK_TIMEOUT_MS,
  signal,
}: {url: string; timeoutMs?: number; signal?: AbortSignal}): Promise<{latest: string | null; error: string | null}> {
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, {headers: {accept: 'application/json'}, signal: signal ? AbortSignal.any([timeout, signal]) : timeout, ...NO_REDIRECT});
    // A redirect is not followed (issue 11 item 8): a 3xx is not `ok`, so the check says it failed.
    if (!response.ok) return {latest: null, error: `the registry answered HTTP ${response.status}`};
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return {latest: null, error: "the registry's answer is not JSON"};
    }
    const parsed = RegistryLatest.safeParse(body);
    return parsed.success ? {latest: sanitizeText(parsed.data.version), error: null} : {latest: null, error: "the registry's answer has no valid version"};
  } catch (error) {
    if (timeout.aborted) return {latest: null, error: `no answer from ${new URL(url).host} within ${timeoutMs / 1000} s`};
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
    return {latest: null, error: `cannot reach ${new URL(url).host}: ${sanitizeText(cause)}`};
  }
}

/** What `golem version` found: the installed and latest versions and whether the check ran. */
export type VersionReport = {
  readonly version: string;
  readonly latest: string | null;
  readonly isUpdateAvailable: boolean;
  /** `disabled` (GOLEM_REQUESTOR_NO_UPDATE_CHECK), `failed` (no usable answer in time) or `done`. */
  readonly check: 'done' | 'disabled' | 'failed';
  /** Why the check failed (one line), else null. */
  readonly checkError: string | null;
};

function reportLines({version, latest, isUpdateAvailable}: VersionReport, packageName: string): string[] {
  if (latest === null) return [`golem ${version}`];
  if (isUpdateAvailable) return [`golem ${version} (update available: ${latest})`, `Update: npm install -g ${packageName}@latest`];
  const order = compareVersions(version, latest);
  return [`golem ${version} (${order !== null && order > 0 ? `newer than the latest release, ${latest}` : 'up-to-date'})`];
}

/** `golem version` — reference §1.4 / §11 against the npm registry, with semver comparison and an opt-out. */
export const versionCommand = defineCommand({
  path: ['version'],
  description: 'Show the installed version and whether a newer one exists.',
  help: `
  Usage
    $ golem version [--json]

  Options
    --json  Print {"version", "latest", "update_available", "update_check"} as JSON

  Asks the npm registry for the latest release (waits at most 1.5 s; never fails because of it).
  Set GOLEM_REQUESTOR_NO_UPDATE_CHECK=1 to skip the check.

  Examples
    $ golem version
    $ golem version --json | jq -r .latest
`,
  flags: {json: {type: 'boolean', default: false}},
  async run(io, {flags}) {
    const {name, version} = packageJson();
    let isCheckEnabled = true;
    try {
      isCheckEnabled = io.config().updateCheck;
    } catch {
      // Malformed settings must not break `golem version`; skip the check rather than ignore an opt-out.
      isCheckEnabled = false;
    }
    const checked = isCheckEnabled ? await checkLatestVersion({url: updateCheckUrl(), signal: io.signal}) : {latest: null, error: null};
    const {latest} = checked;
    const order = latest === null ? null : compareVersions(version, latest);
    const report: VersionReport = {
      version,
      latest,
      isUpdateAvailable: order !== null && order < 0,
      check: !isCheckEnabled ? 'disabled' : latest === null ? 'failed' : 'done',
      checkError: checked.error,
    };
    if (flags.json) {
      writeJson(io, {version, latest, update_available: report.isUpdateAvailable, update_check: report.check, update_check_error: report.checkError});
    } else {
      writeLines(io, reportLines(report, name));
      if (report.check === 'failed') io.stderr.write(`Could not check for a newer version: ${report.checkError}.\n`);
    }
    return 0;
  },
});
