/** The progress lines of a running operation; the last one is the current step. */
import {Box, Text} from 'ink';
import type {Progress} from '../../services/types.js';
import {theme} from '../theme.js';

/** Props of `ProgressList`. */
export type ProgressListProps = {readonly progress: readonly Progress[]; readonly isRunning: boolean};

/** Done steps get ✔, the current one … while running. */
export function ProgressList({progress, isRunning}: ProgressListProps) {
  return (
    <Box flexDirection="column">
      {progress.map((line, index) => {
        const isCurrent = isRunning && index === progress.length - 1;
        return (
          <Text key={`${index}-${line.step}`} color={isCurrent ? theme.status.info : theme.text.secondary}>
            {`${isCurrent ? '…' : '✔'} ${line.message}`}
          </Text>
        );
      })}
    </Box>
  );
}
