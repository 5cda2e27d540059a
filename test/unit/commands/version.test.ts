import {readFileSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {compareVersions, fetchLatestVersion, versionCommand} from '../../../source/commands/version.js';
import {makeTestIo} from '../../helpers/command-io.js';

const INSTALLED = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {version: string}).version;

/** A stand-in for registry.npmjs.org/<pkg>/latest: answers with `answer` after `delayMs`; counts requests. */
let answer: {status: number; body: string; delayMs: number} = {status: 200, body: '{}', delayMs: 0};
let requests = 0;
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((_request, response) => {
    requests += 1;
    setTimeout(() => {
      response.statusCode = answer.status;
      response.end(answer.body);
    }, answer.delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/golem-requestor/latest`;
  process.env['GOLEM_REQUESTOR_UPDATE_URL'] = url;
});

afterAll(async () => {
  delete process.env['GOLEM_REQUESTOR_UPDATE_URL'];
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  requests = 0;
});

async function version(flags: {json?: boolean} = {}, env: NodeJS.ProcessEnv = {GOLEM_REQUESTOR_BASE_DIR: '/nonexistent/golem'}) {
  const test = makeTestIo({env});
  const code = await versionCommand.run(test.io, {args: [], rest: [], flags: {json: false, ...flags}});
  return {code, stdout: test.stdout(), stderr: test.stderr()};
}

describe('golem version', () => {
  it('says when a newer release exists and how to update', async () => {
    answer = {status: 200, body: JSON.stringify({name: 'golem-requestor', version: '999.0.0'}), delayMs: 0};
    const {code, stdout} = await version();
    expect(code).toBe(0);
    expect(stdout).toBe(`golem ${INSTALLED} (update available: 999.0.0)\nUpdate: npm install -g golem-requestor@latest\n`);
  });

  it('says up-to-date for the same version and never calls an older release an update', async () => {
    answer = {status: 200, body: JSON.stringify({version: INSTALLED}), delayMs: 0};
    expect((await version()).stdout).toBe(`golem ${INSTALLED} (up-to-date)\n`);
    answer = {status: 200, body: JSON.stringify({version: '0.0.1-alpha.1'}), delayMs: 0};
    expect((await version()).stdout).toContain('newer than the latest release, 0.0.1-alpha.1');
  });

  it('--json prints one document', async () => {
    answer = {status: 200, body: JSON.stringify({version: '999.0.0'}), delayMs: 0};
    expect(JSON.parse((await version({json: true})).stdout)).toEqual({
      version: INSTALLED,
      latest: '999.0.0',
      update_available: true,
      update_check: 'done',
      update_check_error: null,
    });
  });

  it('gives up after 1.5 s and still succeeds', async () => {
    answer = {status: 200, body: JSON.stringify({version: '999.0.0'}), delayMs: 4000};
    const started = Date.now();
    const {code, stdout} = await version({json: true});
    expect(Date.now() - started).toBeLessThan(3000);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({latest: null, update_check: 'failed', update_check_error: expect.stringMatching(/^no answer from 127\.0\.0\.1:\d+ within 1\.5 s$/)});
  });

  it('a registry error or a junk body is no answer, not a failure', async () => {
    answer = {status: 500, body: 'oops', delayMs: 0};
    const failed = await version();
    expect(failed.stdout).toBe(`golem ${INSTALLED}\n`);
    expect(failed.stderr).toBe('Could not check for a newer version: the registry answered HTTP 500.\n');
    answer = {status: 200, body: '{"version": "\\u001b[31mevil"}', delayMs: 0};
    expect((await version()).stdout).toBe(`golem ${INSTALLED}\n`);
  });

  it('GOLEM_REQUESTOR_NO_UPDATE_CHECK=1 turns the check off: the registry is not asked', async () => {
    answer = {status: 200, body: JSON.stringify({version: '999.0.0'}), delayMs: 0};
    const {stdout} = await version({json: true}, {GOLEM_REQUESTOR_BASE_DIR: '/nonexistent/golem', GOLEM_REQUESTOR_NO_UPDATE_CHECK: '1'});
    expect(JSON.parse(stdout)).toMatchObject({latest: null, update_check: 'disabled'});
    expect(requests).toBe(0);
  });

  it('an unreachable registry is no answer', async () => {
    expect(await fetchLatestVersion({url: 'http://127.0.0.1:1/latest', timeoutMs: 500})).toBeNull();
  });
});

describe('compareVersions', () => {
  it('orders by semver, not as strings', () => {
    expect(compareVersions('0.10.0', '0.9.0')).toBe(1);
    expect(compareVersions('1.0.0-rc.1', '1.0.0')).toBe(-1);
    expect(compareVersions('1.0.0-alpha.2', '1.0.0-alpha.10')).toBe(-1);
    expect(compareVersions('1.0.0-alpha', '1.0.0-alpha.1')).toBe(-1);
    expect(compareVersions('1.2.3', 'v1.2.3')).toBe(0);
    expect(compareVersions('1.2', '1.2.0')).toBeNull();
  });
});
