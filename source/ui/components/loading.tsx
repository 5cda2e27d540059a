/** A "loading" placeholder: a line of its own, or the text a table shows in its one row until the data comes. */
import {Text} from 'ink';
import {theme} from '../theme.js';

/** Props of `Loading`. */
export type LoadingProps = {readonly label: string};

/** `Looking for providers…`: the label with the ellipsis that says it is under way (no spinner: nothing ticks). */
export function loadingText(label: string): string {
  return `${label}…`;
}

/** `Loading providers…` on a line of its own. */
export function Loading({label}: LoadingProps) {
  return <Text color={theme.text.secondary}>{loadingText(label)}</Text>;
}
