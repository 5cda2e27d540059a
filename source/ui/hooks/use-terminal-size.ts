/** The terminal's size, following resizes (Ink re-lays out on `resize`, but components must re-read it). */
import {useStdout} from 'ink';
import {useEffect, useState} from 'react';

/** Terminal size in character cells. */
export type TerminalSize = {readonly columns: number; readonly rows: number};

/** Falls back to 80×24 when stdout is not a TTY. */
export function useTerminalSize(): TerminalSize {
  const {stdout} = useStdout();
  const read = (): TerminalSize => ({columns: stdout.columns || 80, rows: stdout.rows || 24});
  const [size, setSize] = useState(read);
  useEffect(() => {
    const handleResize = () => setSize({columns: stdout.columns || 80, rows: stdout.rows || 24});
    stdout.on('resize', handleResize);
    return () => {
      stdout.off('resize', handleResize);
    };
  }, [stdout]);
  return size;
}
