import {describe, expect, it} from 'vitest';
import {configCommand} from '../../../source/commands/config.js';
import {makeTestIo} from '../../helpers/command-io.js';

describe('golem config prints no secret (issue 14)', () => {
  it('the CAPTCHA API key, the wallet password and the SSH key passphrase show only as set, in text and JSON', async () => {
    const env = {
      GOLEM_REQUESTOR_BASE_DIR: '/nonexistent/golem-config-test',
      GOLEM_REQUESTOR_CAPTCHA_API_KEY: 'captcha-secret-123',
      GOLEM_REQUESTOR_WALLET_PASSWORD: 'wallet-secret-456',
      GOLEM_REQUESTOR_SSH_KEY_PASSPHRASE: 'ssh-secret-789',
    };
    for (const json of [false, true]) {
      const test = makeTestIo({env});
      expect(await configCommand.run(test.io, {args: [], rest: [], flags: {json}})).toBe(0);
      for (const secret of Object.values(env).slice(1)) expect(test.stdout() + test.stderr()).not.toContain(secret);
      expect(test.stdout()).toContain('GOLEM_REQUESTOR_CAPTCHA_API_KEY');
    }
  });
});
