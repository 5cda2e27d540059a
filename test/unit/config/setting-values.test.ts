import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {parseBooleanText} from '../../../source/config/setting-values.js';
import {loadConfig} from '../../../source/config/settings.js';

describe('boolean settings (reference §2.1 spellings)', () => {
  it('accepts true/false, 1/0, yes/no, on/off in any case', () => {
    for (const word of ['true', 'TRUE', '1', 'yes', 'Yes', 'on', ' ON ']) expect(parseBooleanText(word)).toBe(true);
    for (const word of ['false', 'False', '0', 'no', 'NO', 'off', 'Off ']) expect(parseBooleanText(word)).toBe(false);
    for (const word of ['', 'maybe', '2', 'truthy', 'enabled']) expect(parseBooleanText(word)).toBeNull();
  });

  it('applies them to real settings and names the variable when malformed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'golem-bool-'));
    expect(loadConfig({GOLEM_REQUESTOR_BASE_DIR: dir, GOLEM_REQUESTOR_STREAM_MONITOR_ENABLED: 'off'}).monitor.enabled).toBe(false);
    expect(loadConfig({GOLEM_REQUESTOR_BASE_DIR: dir, GOLEM_REQUESTOR_NO_UPDATE_CHECK: 'yes'}).updateCheck).toBe(false);
    expect(loadConfig({GOLEM_REQUESTOR_BASE_DIR: dir, GOLEM_REQUESTOR_NO_UPDATE_CHECK: '0'}).updateCheck).toBe(true);
    expect(() => loadConfig({GOLEM_REQUESTOR_BASE_DIR: dir, GOLEM_REQUESTOR_NO_UPDATE_CHECK: 'sometimes'})).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: GOLEM_REQUESTOR_NO_UPDATE_CHECK must be true or false (also 1/0, yes/no, on/off), got 'sometimes'.]`,
    );
  });
});
