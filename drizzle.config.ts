import {defineConfig} from 'drizzle-kit';

/**
 * drizzle-kit settings (`npm run db:generate`): one table per file under `source/adapters/db/schema/`, SQL
 * migrations and their journal committed under `drizzle/` (shipped in the package, resolved at run time from
 * the package root, never from the cwd — case-28). Default export because drizzle-kit demands it.
 */
export default defineConfig({
  dialect: 'sqlite',
  schema: './source/adapters/db/schema/*.ts',
  out: './drizzle',
});
