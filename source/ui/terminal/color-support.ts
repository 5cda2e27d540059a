/**
 * How many colours the dashboard's terminal shows, decided from the terminal itself (issue 13 item 1), not from
 * whether a `CI` variable exists: chalk's own detection (supports-color) drops to no colour whenever `CI` is set,
 * which is right for a CI log and wrong for an interactive dashboard a person is looking at.
 *
 * Rules, in order (first match wins):
 * - `--no-color` or `NO_COLOR` set to a non-empty value (https://no-color.org) → none;
 * - `FORCE_COLOR` (the chalk / Node convention): `0`/`false` → none, `1`/`true`/empty → 16, `2` → 256, `3` → truecolor;
 * - stdout not a terminal, or `TERM=dumb` → none;
 * - `COLORTERM=truecolor|24bit` → truecolor; `TERM` ending in `256color` → 256;
 * - any other `TERM` (xterm, screen, tmux, linux, vt100…), or Windows → 16; no `TERM` → none.
 */

/** chalk's levels: 0 none, 1 basic 16 colours, 2 256 colours, 3 truecolor. */
export type ColorLevel = 0 | 1 | 2 | 3;

/** What the decision reads. */
export type ColorSupportInput = {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal (`process.stdout.isTTY`). */
  readonly isTerminal: boolean;
  /** `golem tui --no-color`. @default false */
  readonly noColorFlag?: boolean;
  /** @default process.platform */
  readonly platform?: NodeJS.Platform;
};

/** The colour level for the dashboard; see the module comment for the rules. */
export function detectColorLevel({env, isTerminal, noColorFlag = false, platform = process.platform}: ColorSupportInput): ColorLevel {
  if (noColorFlag) return 0;
  const noColor = env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return 0;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    if (force === '2') return 2;
    if (force === '3') return 3;
    return 1;
  }
  if (!isTerminal) return 0;
  const term = env['TERM'];
  if (term === 'dumb') return 0;
  const colorTerm = env['COLORTERM'];
  if (colorTerm === 'truecolor' || colorTerm === '24bit') return 3;
  if (term !== undefined && /256(colou?r)?$/i.test(term)) return 2;
  if (term !== undefined && term !== '') return 1;
  return platform === 'win32' ? 1 : 0;
}

let configuredLevel: ColorLevel | undefined;

/**
 * Sets the level the theme uses (call before the theme module loads: it resolves its tokens once). `golem tui`
 * calls it with `detectColorLevel(…)`; without a call the theme follows `NO_COLOR` alone (tests, `renderToString`).
 */
export function configureColorLevel(level: ColorLevel): void {
  configuredLevel = level;
}

/** The level set by `configureColorLevel`, or `undefined` when nobody set one. */
export function configuredColorLevel(): ColorLevel | undefined {
  return configuredLevel;
}
