/** A one-line "loading" placeholder. */
import {Text} from 'ink';
import {theme} from '../theme.js';

/** Props of `Loading`. */
export type LoadingProps = {readonly label: string};

/** `Loading providers…` */
export function Loading({label}: LoadingProps) {
  return <Text color={theme.text.secondary}>{`${label}…`}</Text>;
}
