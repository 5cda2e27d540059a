/**
 * Semantic colour tokens for the dashboard (gemini's theme tokens). Screens and components name a role
 * (`theme.status.error`), never a colour. With `NO_COLOR` set (https://no-color.org) every token is
 * `undefined`, so Ink draws plain text; emphasis then comes from text alone (selection markers, labels).
 */
import type {StreamState, VmStatus} from '../services/types.js';
import {configuredColorLevel} from './terminal/color-support.js';

/** An Ink colour name, or `undefined` for "the terminal's default". */
export type ThemeColor = string | undefined;

/** The token set. */
export type Theme = {
  readonly isColorEnabled: boolean;
  readonly text: {readonly primary: ThemeColor; readonly secondary: ThemeColor; readonly accent: ThemeColor};
  readonly status: {
    readonly success: ThemeColor;
    readonly warning: ThemeColor;
    readonly error: ThemeColor;
    readonly info: ThemeColor;
    /** Not confirmed lately (a VM `unreachable`, a stream that funds no VM): neither fine nor failed. */
    readonly unknown: ThemeColor;
  };
  readonly ui: {readonly border: ThemeColor; readonly focus: ThemeColor; readonly selection: ThemeColor};
};

/** True unless the environment asks for no colour (`NO_COLOR` set to a non-empty value). */
export function isColorEnabled(environment: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const noColor = environment['NO_COLOR'];
  return noColor === undefined || noColor === '';
}

/**
 * Builds the theme; colours only when `colors` is true. By default: the level `golem tui` detected from the terminal
 * (terminal/color-support.ts), else `NO_COLOR` alone.
 */
export function createTheme(colors: boolean = defaultColors()): Theme {
  const pick = (color: string): ThemeColor => (colors ? color : undefined);
  return {
    isColorEnabled: colors,
    text: {primary: undefined, secondary: pick('gray'), accent: pick('cyan')},
    status: {success: pick('green'), warning: pick('yellow'), error: pick('red'), info: pick('blue'), unknown: pick('magenta')},
    ui: {border: pick('gray'), focus: pick('cyan'), selection: pick('cyan')},
  };
}

function defaultColors(): boolean {
  const level = configuredColorLevel();
  return level === undefined ? isColorEnabled() : level > 0;
}

/** The theme for this process, resolved once from the environment. */
export const theme: Theme = createTheme();

/** Colour of a VM status: running green, transitional/stopped yellow, error red (reference §1.7). */
export function vmStatusColor(status: VmStatus, tokens: Theme = theme): ThemeColor {
  // `unreachable` (issue 11: the provider did not answer lately; status carries when it was last confirmed).
  if ((status as string) === 'unreachable') return tokens.status.unknown;
  switch (status) {
    case 'running':
      return tokens.status.success;
    case 'creating':
    case 'stopping':
    case 'stopped':
      return tokens.status.warning;
    case 'error':
    case 'deleted':
      return tokens.status.error;
    default:
      return tokens.text.secondary;
  }
}

/**
 * Colour of a stream state (issue 3): active green, needs-top-up yellow, out-of-funds and halted red, terminated
 * secondary (it is history, not a problem).
 */
export function streamStateColor(state: StreamState | null, tokens: Theme = theme): ThemeColor {
  switch (state) {
    case 'active':
      return tokens.status.success;
    case 'needs-top-up':
      return tokens.status.warning;
    case 'out-of-funds':
    case 'halted':
      return tokens.status.error;
    default:
      return tokens.text.secondary;
  }
}
