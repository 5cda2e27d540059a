import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {statusParts} from '../../../../source/ui/components/status-bar.js';

const input = {
  network: 'devnet',
  chain: 'chain 31337',
  account: '0x426E…afBe 1002.99891353 ETH',
  accountShort: '0x426E…afBe 1002.9989 ETH',
  runway: ' runway >365d 00h',
  funding: 'this dashboard',
  updatedAt: '21:53:07',
};

describe('statusParts', () => {
  it('keeps the update time and the runway at 80 columns by shortening the balance first (issues 13, 15)', () => {
    const parts = statusParts(input, 79);
    expect(parts).toMatchObject({network: null, account: input.accountShort, runway: input.runway, updated: '21:53'});
    const line = [parts.account + parts.runway, `funding: ${parts.funding}`, parts.updated].join(' │ ');
    expect(stringWidth(line)).toBeLessThanOrEqual(79);
  });

  it('shows everything, network and chain included, when the width allows', () => {
    expect(statusParts(input, 200)).toMatchObject({network: 'devnet · chain 31337', account: input.account, runway: input.runway, updated: 'updated 21:53:07'});
  });

  it('drops the runway last, when even the short balance does not fit', () => {
    expect(statusParts(input, 60)).toMatchObject({account: input.accountShort, runway: ''});
  });
});
