import {readdirSync, readFileSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {describe, expect, it} from 'vitest';
import {documentJson} from '../../../source/commands/output.js';
import {schemaFiles} from '../../../source/commands/schemas/write-files.js';

const schemaDir = resolve('schemas');

describe('published JSON Schemas (schemas/)', () => {
  it('are exactly what npm run schemas generates from source/commands/schemas (none stale, none missing, none extra)', () => {
    const generated = schemaFiles();
    const onDisk = readdirSync(schemaDir).filter((name) => name.endsWith('.schema.json'));
    expect(onDisk.sort()).toEqual(Object.keys(generated).sort());
    for (const [name, text] of Object.entries(generated)) expect(readFileSync(join(schemaDir, name), 'utf8'), name).toBe(text);
  });

  it('are shipped in the package', () => {
    const {files} = JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as {files: string[]};
    expect(files).toContain('schemas');
  });
});

describe('documentJson (every --json document)', () => {
  it('writes camelCase keys in snake_case at every depth and leaves other keys and values alone', () => {
    expect(JSON.parse(documentJson({heartbeatAt: 'x', nested: [{toppedUp: 1, GOLEM_REQUESTOR_X: 'keep', 'devnet-alpha': {devnetDir: 'camelCase value'}}]}))).toEqual({
      heartbeat_at: 'x',
      nested: [{topped_up: 1, GOLEM_REQUESTOR_X: 'keep', 'devnet-alpha': {devnet_dir: 'camelCase value'}}],
    });
    expect(documentJson({amountWei: 10n ** 30n}, 0)).toBe('{"amount_wei":"1000000000000000000000000000000"}');
  });

  it('keeps key order, writes dates as ISO text and a key named __proto__ as a plain key', () => {
    const at = new Date('2026-01-02T03:04:05.000Z');
    expect(documentJson({zLast: 1, aFirst: {createdAt: at}, ['__proto__']: 2}, 0)).toBe('{"z_last":1,"a_first":{"created_at":"2026-01-02T03:04:05.000Z"},"__proto__":2}');
  });
});
