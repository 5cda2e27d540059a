/** An error as the dashboard shows it: one line of what went wrong, one of what to do (`describeError`). */
import {Box, Text} from 'ink';
import {describeError} from '../describe-error.js';
import {theme} from '../theme.js';

/** Props of `ErrorBanner`. */
export type ErrorBannerProps = {
  readonly error: unknown;
  readonly prefix?: string;
  /** Each line cut to the width with … (above a list, where the lines are counted: `errorBannerLines`). */
  readonly isOneLineEach?: boolean;
};

/** Lines an `isOneLineEach` banner for `error` takes: 0 without an error, 1, or 2 with a hint. */
export function errorBannerLines(error: unknown): number {
  if (error === undefined || error === null) return 0;
  return describeError(error).hint ? 2 : 1;
}

/** Shows `error`'s short message (and hint). */
export function ErrorBanner({error, prefix, isOneLineEach = false}: ErrorBannerProps) {
  const {text, hint} = describeError(error);
  const wrap = isOneLineEach ? 'truncate-end' : 'wrap';
  return (
    <Box flexDirection="column">
      <Text color={theme.status.error} wrap={wrap}>{`✖ ${prefix ? `${prefix}: ` : ''}${text}`}</Text>
      {hint ? <Text color={theme.text.secondary} wrap={wrap}>{`  ${hint}`}</Text> : null}
    </Box>
  );
}
