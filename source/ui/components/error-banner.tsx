/** An error as the dashboard shows it: one line of what went wrong, one of what to do (`describeError`). */
import {Box, Text} from 'ink';
import {describeError} from '../describe-error.js';
import {theme} from '../theme.js';

/** Props of `ErrorBanner`. */
export type ErrorBannerProps = {readonly error: unknown; readonly prefix?: string};

/** Shows `error`'s short message (and hint). */
export function ErrorBanner({error, prefix}: ErrorBannerProps) {
  const {text, hint} = describeError(error);
  return (
    <Box flexDirection="column">
      <Text color={theme.status.error}>{`✖ ${prefix ? `${prefix}: ` : ''}${text}`}</Text>
      {hint ? <Text color={theme.text.secondary}>{`  ${hint}`}</Text> : null}
    </Box>
  );
}
