import {describe, expect, it} from 'vitest';
import {
  assertHours,
  assertResources,
  assertVmName,
  suggestVmName,
  vmNameIssues,
} from '../../../../source/services/vms/validate-vm-request.js';

describe('VM name rule (reference §4.4)', () => {
  it('case-30: accepts names the provider accepts', () => {
    for (const name of ['29-test', 'abc', 'a'.repeat(64)]) expect(vmNameIssues(name)).toEqual([]);
  });

  it('case-30: rejects odd names locally, explains the rule and suggests a sanitised name', () => {
    const cases: [string, string][] = [
      ['web_1', 'web-1'],
      ['docs-24.04', 'docs-24-04'],
      ['ünïcode', 'unicode'],
      ['vm🚀', 'vm-vm'],
      ['name with space', 'name-with-space'],
      ['../../etc', 'etc'],
      ['', 'vm-vm'],
      ['a'.repeat(65), 'a'.repeat(64)],
      ['double--dash', 'double-dash'],
      ['jobs', 'jobs-vm'],
    ];
    for (const [name, suggestion] of cases) {
      expect(vmNameIssues(name).length, name).toBeGreaterThan(0);
      expect(suggestVmName(name), name).toBe(suggestion);
      expect(vmNameIssues(suggestVmName(name)), suggestion).toEqual([]);
    }
  });

  it('throws an InvalidInputError with the rule and the suggestion', () => {
    expect(() => assertVmName('Web_1')).toThrowErrorMatchingInlineSnapshot(`
      [InvalidInputError: Invalid VM name "Web_1": it may contain only a–z, 0–9 and hyphens, and must start and end with a letter or digit.
      Hint: Try the name "web-1".]
    `);
  });
});

describe('resources and hours rules', () => {
  it('accepts the provider sizes and rejects others with the allowed values', () => {
    expect(() => assertResources({cpu: 2, memory: 4, storage: 20})).not.toThrow();
    expect(() => assertResources({cpu: 3, memory: 5, storage: 9})).toThrow(/CPU cores must be 1, 2, 4, 8, 16.*Memory must be.*Disk must be/);
  });

  it('accepts 1..720 whole hours', () => {
    expect(() => assertHours(1)).not.toThrow();
    for (const hours of [0, -1, 1.5, 721, Number.NaN]) expect(() => assertHours(hours)).toThrow(/Hours must be/);
  });
});
