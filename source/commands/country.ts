/**
 * `--country`: a closed set (issue 14). Adverts carry ISO 3166-1 alpha-2 codes (reference §5.1, "exactly 2
 * chars"); people also type names. The set and the names come from the runtime's ICU region data
 * (`Intl.DisplayNames`), so no list is kept here.
 */
import {UsageError} from '../errors.js';
import {closestMatch} from './parse-command-line.js';

let regions: Map<string, string> | undefined;

/** Every assigned alpha-2 region code with its English name (`SE` → `Sweden`). */
export function countryNames(): ReadonlyMap<string, string> {
  if (regions) return regions;
  const names = new Intl.DisplayNames(['en'], {type: 'region', fallback: 'code'});
  regions = new Map();
  for (let first = 65; first <= 90; first += 1) {
    for (let second = 65; second <= 90; second += 1) {
      const code = String.fromCharCode(first, second);
      const name = names.of(code);
      // Unassigned codes come back as the code itself; ZZ/XA… are ICU's private-use placeholders.
      if (name && name !== code && !/^(Unknown|Pseudo)/.test(name)) regions.set(code, name);
    }
  }
  return regions;
}

/**
 * The alpha-2 code for `text`: a code in any case (`se`), or an English country name (`sweden`, `United Kingdom`).
 * Throws `UsageError` with the nearest name when it is neither.
 */
export function parseCountry(text: string): string {
  const wanted = text.trim();
  const all = countryNames();
  if (all.has(wanted.toUpperCase())) return wanted.toUpperCase();
  for (const [code, name] of all) if (name.toLowerCase() === wanted.toLowerCase()) return code;
  const names = [...all.values()];
  const near = closestMatch(wanted, names);
  const code = near === null ? undefined : [...all].find(([, name]) => name === near)?.[0];
  throw new UsageError({
    shortMessage: `--country must be a two-letter country code (ISO 3166) or a country name, got '${text}'.${near ? ` Did you mean ${code} (${near})?` : ''}`,
  });
}
