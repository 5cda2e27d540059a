/** How many table rows fit on screen below the dashboard's header and footer. */
import {useTerminalSize} from './use-terminal-size.js';

/** Lines the header, footer and a table's borders take (header 2, status bar 2, footer 4, borders 4, scroll line 1). */
const CHROME_LINES = 13;

/** Rows for a table, leaving `extraLines` for the screen's own lines; at least 3. */
export function useTableRows(extraLines = 0): number {
  const {rows} = useTerminalSize();
  return Math.max(3, rows - CHROME_LINES - extraLines);
}
