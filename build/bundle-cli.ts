/**
 * Second step of `npm run build` (issue 16 §3, start-up): bundles the CLI entry `source/cli.tsx` with esbuild into
 * `dist/source/cli.js` (the `bin`) plus code-split chunks under `dist/source/chunks/`.
 *
 * Why: Node 20's ESM loader pays per module (resolve, stat, read, compile, link). Unbundled, `golem --help` loaded
 * 11 modules, `vm list --local` 270 (113 of them drizzle-orm's, 71 zod's) and `vm list` 872; bundled, 3, 45 (30
 * files of the bundle, better-sqlite3's 15) and 101. Every `await import()` of the source stays a separate chunk, so
 * each command still loads only what it uses (the command table's lazy loaders; viem, ink, ssh2 only where needed).
 *
 * Kept outside the bundle (resolved from node_modules at run time): packages with a native addon or a binary found
 * next to their own files (better-sqlite3, node-pty, ssh2 + cpu-features, @foundry-rs/anvil), ink's optional
 * react-devtools-core, react (CommonJS that `tui` loads with `await import('react')`: esbuild would give that import
 * only a default export, so `createElement` would be missing), and fastify with its plugins (servers only, not
 * start-up critical). Bundled CommonJS code gets a real `require` (createRequire) so its `require('node:fs')` and
 * `require('react')` work inside ESM chunks (one react instance: Node's module cache).
 *
 * Usage: `tsx build/bundle-cli.ts` after `tsc -p tsconfig.build.json` (which still emits the rest of `dist/`).
 */
import {rmSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Packages resolved from node_modules at run time instead of bundled (see the module comment). */
export const EXTERNAL_PACKAGES = [
  'better-sqlite3',
  'node-pty',
  'ssh2',
  'cpu-features',
  '@foundry-rs/anvil',
  'react-devtools-core',
  'react',
  'fastify',
  '@fastify/*',
] as const;

const outdir = join(root, 'dist/source');
rmSync(join(outdir, 'chunks'), {recursive: true, force: true});
const result = await build({
  absWorkingDir: root,
  entryPoints: {cli: 'source/cli.tsx'},
  outdir,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  tsconfig: 'tsconfig.build.json',
  external: [...EXTERNAL_PACKAGES],
  // Bundled CommonJS modules call `require`; ESM has none, so each output file gets one bound to its own URL.
  banner: {js: "import {createRequire as __golemCreateRequire} from 'node:module'; const require = __golemCreateRequire(import.meta.url);"},
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
});
const outputs = Object.keys(result.metafile.outputs).length;
process.stderr.write(`Bundled source/cli.tsx into dist/source/cli.js and ${outputs - 1} chunks.\n`);
