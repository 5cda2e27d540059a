/**
 * The layer rules of design.md / style.md §3, checked on every import in `source/`: arrows point down only.
 * (A test rather than a lint plugin: it needs nothing installed and fails with the offending file and import.)
 */
import {readdirSync, readFileSync} from 'node:fs';
import {join, relative} from 'node:path';
import {describe, expect, it} from 'vitest';

const root = join(import.meta.dirname, '../../source');

function files(directory: string): string[] {
  return readdirSync(directory, {withFileTypes: true}).flatMap((entry) =>
    entry.isDirectory() ? files(join(directory, entry.name)) : /\.tsx?$/.test(entry.name) ? [join(directory, entry.name)] : [],
  );
}

/** Value imports (not `import type`) of a file, as written. */
function valueImports(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/^\s*(import|export)\s+(?!type\b)[^'"]*?from\s+'([^']+)'/gm)) found.push(match[2]!);
  for (const match of text.matchAll(/import\('([^']+)'\)/g)) found.push(match[1]!);
  return found;
}

const layerOf = (path: string) => relative(root, path).split('/')[0]!;

const rules: Record<string, {forbidden: RegExp[]; why: string}> = {
  ui: {forbidden: [/^viem/, /^drizzle-orm/, /^better-sqlite3/, /^ssh2/, /^node:child_process/, /\/adapters\//], why: 'screens get data from hooks → services'},
  services: {forbidden: [/^ink/, /^react/, /\/ui\//, /\/commands\//, /\/adapters\//], why: 'services hold no UI'},
  adapters: {forbidden: [/\/services\/(?!types|ports)/, /\/ui\//, /\/commands\//, /^ink/, /^react/], why: 'adapters know libraries, not use cases'},
  lib: {forbidden: [/^\.\.\/(?!lib)/], why: 'lib imports nothing of ours'},
};

describe('layers', () => {
  for (const [layer, {forbidden, why}] of Object.entries(rules)) {
    it(`${layer}/ does not reach up or sideways (${why})`, () => {
      const violations = files(join(root, layer)).flatMap((path) =>
        valueImports(path)
          .filter((specifier) => forbidden.some((pattern) => pattern.test(specifier)))
          .filter((specifier) => !(layer === 'services' && path.endsWith('create-services.ts') && specifier.includes('/adapters/')))
          .map((specifier) => `${relative(root, path)} imports ${specifier}`),
      );
      expect(violations).toEqual([]);
    });
  }

  it('only cli.tsx exits the process', () => {
    const exits = files(root)
      .filter((path) => layerOf(path) !== 'cli.tsx' && !path.endsWith('demo.ts'))
      .filter((path) => /process\.exit\(/.test(readFileSync(path, 'utf8')))
      .map((path) => relative(root, path));
    expect(exits).toEqual([]);
  });
});
