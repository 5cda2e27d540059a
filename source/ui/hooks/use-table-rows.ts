/** How many table rows fit on screen below the dashboard's header and above its footer (ui/layout.ts). */
import {useLayout} from '../app/layout-context.js';
import {tableBodyRows} from '../layout.js';

/**
 * Body rows for a table of `rowCount` rows, leaving `extraLines` of the screen's body for its own lines (filter
 * line, spec line, details); one line less when the rows overflow (the scroll line). At least 1.
 */
export function useTableRows(extraLines = 0, rowCount = Number.POSITIVE_INFINITY): number {
  return tableBodyRows(useLayout(), extraLines, rowCount);
}
