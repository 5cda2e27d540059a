/**
 * The Golem Base query string for provider adverts (reference §5.2.2), built from a `ProviderFilter` with every
 * value quoted safely. The reference inserts values unescaped (§14.3 item 6: query injection); here a value is
 * always one string literal, whatever it contains.
 */

/** Filters with their defaults already resolved: null/undefined/empty = no term. */
export type GolemBaseQueryFilter = {
  readonly network?: string | null | undefined;
  readonly paymentsNetwork?: string | null | undefined;
  readonly cpu?: number | undefined;
  readonly memory?: number | undefined;
  readonly storage?: number | undefined;
  readonly country?: string | undefined;
  readonly platform?: string | undefined;
};

/**
 * Quotes `value` as a query-language string literal: `"` and `\` are backslash-escaped and control characters
 * become `\u00XX`. Golem Base nodes lex strings as `"(?:[^"\\]|\\.)*"` and unquote them with Go's
 * `strconv.Unquote` (golembase-op-geth `golem-base/query/language.go`), which decodes exactly these escapes and
 * rejects a raw newline.
 *
 * @example quoteQueryString('a"b\\c') === '"a\\"b\\\\c"'
 */
export function quoteQueryString(value: string): string {
  // eslint-disable-next-line no-control-regex
  const escaped = value.replace(/[\\"\u0000-\u001F\u007F]/g, (char) =>
    char === '\\' || char === '"' ? `\\${char}` : `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `"${escaped}"`;
}

/** A minimum as the language's bare unsigned integer (rounded up: "at least 2.5" is ≥ 3), or null for no term. */
function minimum(value: number | undefined): string | null {
  if (value === undefined || !Number.isFinite(value) || value <= 0) return null;
  return BigInt(Math.ceil(value)).toString();
}

/**
 * Builds the adverts query (reference §5.2.2), terms joined by ` && ` in this order: `golem_type="provider"`,
 * `golem_network`, `golem_payments_network` (each when non-empty), `golem_cpu>=n`, `golem_memory>=n`,
 * `golem_storage>=n` (each when > 0; GB for memory and storage), `golem_country`, `golem_platform`.
 *
 * @example
 * buildGolemBaseQuery({network: 'mainnet', paymentsNetwork: 'l2.holesky', cpu: 2})
 * // 'golem_type="provider" && golem_network="mainnet" && golem_payments_network="l2.holesky" && golem_cpu>=2'
 */
export function buildGolemBaseQuery(filter: GolemBaseQueryFilter): string {
  const terms = [`golem_type=${quoteQueryString('provider')}`];
  if (filter.network) terms.push(`golem_network=${quoteQueryString(filter.network)}`);
  if (filter.paymentsNetwork) terms.push(`golem_payments_network=${quoteQueryString(filter.paymentsNetwork)}`);
  for (const key of ['cpu', 'memory', 'storage'] as const) {
    const value = minimum(filter[key]);
    if (value !== null) terms.push(`golem_${key}>=${value}`);
  }
  if (filter.country) terms.push(`golem_country=${quoteQueryString(filter.country)}`);
  if (filter.platform) terms.push(`golem_platform=${quoteQueryString(filter.platform)}`);
  return terms.join(' && ');
}
