import {describe, expect, it} from 'vitest';
import {suggestVmName, validateCreateVmFields, vmNameProblem} from '../../../source/ui/vm-request-rules.js';

const valid = {name: 'web-1', cpu: '2', memory: '4', storage: '20', hours: '1'};

describe('create form rules (reference §4.4)', () => {
  it('accepts a valid request', () => {
    expect(validateCreateVmFields(valid)).toEqual({});
  });

  it('case-30: explains a bad name and suggests a valid one', () => {
    expect(vmNameProblem('29-test')).toBeNull();
    expect(vmNameProblem('web_1')).toContain('Try "web-1"');
    expect(vmNameProblem('a--b')).toContain('"--"');
    expect(vmNameProblem('ab')).toContain('3–64');
    expect(vmNameProblem('x'.repeat(65))).toContain('3–64');
    expect(vmNameProblem('../../etc')).toContain('Try "etc"');
    expect(suggestVmName('ünïcode vm🚀')).toBe('unicode-vm');
  });

  it('applies the resources rule and the provider’s free resources', () => {
    expect(validateCreateVmFields({...valid, cpu: '3', memory: '5', storage: '9', hours: '0'})).toEqual({
      cpu: 'CPU cores must be 1, 2, 4, 8, 16.',
      memory: 'Memory must be 1, 2, 4, 8, 16, 32, 64 GB.',
      storage: 'Disk must be a whole number of GB, at least 10.',
      hours: 'Hours must be a whole number from 1 to 720.',
    });
    expect(validateCreateVmFields({...valid, cpu: '8'}, {cpu: 4, memory: 8, storage: 100}).cpu).toBe(
      'The provider has only 4 cores free.',
    );
    expect(validateCreateVmFields({...valid, cpu: '1.5'}).cpu).toBeDefined();
  });
});
