/**
 * `ssh_host` from a provider must be a host name or an IP address (issue 11 item 8): anything else — an ssh option,
 * spaces, bidi or zero-width characters — is refused with a ProviderError, never passed on to ssh or the screen.
 */
import Fastify from 'fastify';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createProviderApi} from '../../../../source/adapters/provider/provider-client.js';
import {ProviderError} from '../../../../source/errors.js';

const app = Fastify();
let port: number;
beforeAll(async () => {
  app.get<{Params: {name: string}; Querystring: {host: string}}>('/api/v1/vms/:name/access', (request) => ({
    ssh_host: decodeURIComponent(request.params.name),
    ssh_port: 50_800,
    vm_id: 'x',
  }));
  await app.listen({host: '127.0.0.1', port: 0});
  port = (app.server.address() as {port: number}).port;
});
afterAll(async () => {
  await app.close();
});

/** The access answer for a VM whose provider says `ssh_host` = the VM's name (the test server echoes it). */
function accessFor(sshHost: string) {
  const api = createProviderApi({providerId: '0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf', host: '127.0.0.1', port, timeoutMs: 5000});
  return api.getAccess(sshHost);
}

describe('ssh_host from the provider', () => {
  it.each([
    ['a host name', 'vm-1.provider.example', 'vm-1.provider.example'],
    ['an IPv4 address', '198.51.100.7', '198.51.100.7'],
    ['an IPv6 address in brackets', '[2001:db8::7]', '2001:db8::7'],
    ['an IPv6 address', '2001:db8::8', '2001:db8::8'],
  ])('accepts %s', async (_kind, given, expected) => {
    expect(await accessFor(given)).toEqual({isReady: true, sshHost: expected, sshPort: 50_800});
  });

  it.each([
    ['an ssh option', '-oProxyCommand=touch pwned'],
    ['spaces', 'host name.example'],
    ['a bidi override', 'evil\u202Eelpmaxe.com'],
    ['a zero-width space', 'pay\u200Bpal.example'],
    ['a user part', 'root@host.example'],
    ['a shell metacharacter', 'host;reboot'],
  ])('refuses %s with a ProviderError naming ssh_host', async (_kind, given) => {
    const error = await accessFor(given).then(() => null, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).shortMessage).toMatch(/ssh_host must be a host name or an IP address/);
  });
});
