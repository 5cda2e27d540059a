/**
 * Display-width text fitting for the terminal (case-13). Widths come from `string-width` (the measure Ink
 * itself uses), and text is cut only between grapheme clusters (`Intl.Segmenter`), so a flag (🇩🇪), a ZWJ
 * sequence (👨‍💻) or a letter with a combining accent (e + U+0301) is kept whole or dropped whole.
 *
 * `cli-truncate` 5 is not used for this: it measured and cut by code point, leaving `🇩` of `🇩🇪`, `👨` of `👨‍💻`
 * and a bare `e` of `é`, and returned `東…` (3 columns) for a 2-column budget.
 */
import stringWidth from 'string-width';

const ELLIPSIS = '…';
const segmenter = new Intl.Segmenter(undefined, {granularity: 'grapheme'});

/** The terminal display width of `text` in columns. */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

/**
 * Cuts `text` to at most `width` columns, ending with "…" when something was cut. Never splits a grapheme
 * cluster; the result may be one column narrower than `width` when a wide character does not fit.
 */
export function truncateToWidth(text: string, width: number): string {
  if (width <= 0) return '';
  if (stringWidth(text) <= width) return text;
  const budget = width - stringWidth(ELLIPSIS);
  let result = '';
  let used = 0;
  for (const {segment} of segmenter.segment(text)) {
    const segmentWidth = stringWidth(segment);
    if (used + segmentWidth > budget) break;
    result += segment;
    used += segmentWidth;
  }
  return result + ELLIPSIS;
}

/** Truncates (see `truncateToWidth`) and pads `text` with spaces to exactly `width` columns. */
export function fitToWidth(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const cut = truncateToWidth(text, width);
  const padding = ' '.repeat(Math.max(0, width - stringWidth(cut)));
  return align === 'right' ? padding + cut : cut + padding;
}
