import {describe, expect, it} from 'vitest';
import {formatTopUpDuration, MAX_DURATION_SECONDS, parseDuration} from '../../../source/ui/parse-duration.js';

describe('parseDuration', () => {
  it('reads hours, minutes and both, as whole numbers', () => {
    expect(parseDuration('2h')).toEqual({seconds: 7200});
    expect(parseDuration('45m')).toEqual({seconds: 2700});
    expect(parseDuration('1h30m')).toEqual({seconds: 5400});
    expect(parseDuration(' 90m ')).toEqual({seconds: 5400});
    expect(parseDuration('720h')).toEqual({seconds: MAX_DURATION_SECONDS});
  });

  it('refuses anything else with one sentence saying what to type', () => {
    expect(parseDuration('')).toEqual({problem: 'Enter a duration. Use hours and minutes like 2h, 45m or 1h30m.'});
    for (const text of ['1.5h', '1 h', '1H', '30', '30s', '1m30h', '-1h', '1h 30m', 'h', '1d', '1h30']) {
      expect(parseDuration(text)).toEqual({problem: `"${text.trim()}" is not a duration. Use hours and minutes like 2h, 45m or 1h30m.`});
    }
    expect(parseDuration('1h75m')).toEqual({problem: 'Minutes after hours must be below 60 (1h75m).'});
    expect(parseDuration('0h0m')).toEqual({problem: 'The duration must be at least 1m.'});
    expect(parseDuration('721h')).toEqual({problem: 'At most 720h at a time.'});
    expect(parseDuration(`${'9'.repeat(30)}m`)).toEqual({problem: 'At most 720h at a time.'});
  });

  it('formats seconds back the way they are typed', () => {
    expect([1800, 3600, 5400, 7200].map(formatTopUpDuration)).toEqual(['30m', '1h', '1h30m', '2h']);
  });
});
