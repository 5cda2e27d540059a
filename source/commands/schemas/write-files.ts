/**
 * Writes the published JSON Schemas (`schemas/*.schema.json`, shipped in the package) from `documents`. Run with
 * `npm run schemas` after changing a document; a test fails when a file is missing or out of date.
 */
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {documents, jsonSchemaFor, schemaFileName} from './documents.js';

/** The schema files as `{fileName: text}` (2-space JSON and a final newline). */
export function schemaFiles(): Record<string, string> {
  return Object.fromEntries(
    Object.keys(documents).map((path) => [schemaFileName(path.split(' ')), `${JSON.stringify(jsonSchemaFor(path), null, 2)}\n`]),
  );
}

/** Writes every schema file into `directory` (created if missing). */
export function writeSchemaFiles(directory: string): string[] {
  mkdirSync(directory, {recursive: true});
  const files = schemaFiles();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(directory, name), text);
  return Object.keys(files);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const directory = join(import.meta.dirname, '../../../schemas');
  process.stdout.write(`${writeSchemaFiles(directory).length} schemas written to ${directory}\n`);
}
