import stripAnsi from 'strip-ansi';

/**
 * Removes whole ANSI escape sequences (colours, cursor moves, OSC titles), then strips C0/C1 control characters (ESC,
 * BEL, CR, NUL, U+0080–U+009F, …) and every Unicode format, line-separator and paragraph-separator character
 * (general categories Cf, Zl, Zp: bidi embeddings, overrides and isolates, zero-width space/joiners, word joiner,
 * BOM, soft hyphen, U+2028, U+2029 — issue 11 item 8; only the joiner inside an emoji ZWJ sequence such as 👨‍💻 stays)
 * from text that came from outside (provider, advert, RPC,
 * file) before it is drawn in a terminal, so a hostile advert cannot move the cursor, change colours, reorder what
 * is shown or hide characters. Newlines, tabs and CR become spaces.
 */
// Either the joiner of an emoji ZWJ sequence (Unicode TR51: pictograph, optional variation selector or skin tone,
// ZWJ, then another pictograph — 👨‍💻, case-13), which is kept as the one Cf that is part of what is drawn, or a
// character to strip. One left-to-right scan, so nothing from the input can pose as a kept joiner.
// eslint-disable-next-line no-control-regex
const STRIPPED = /(\p{Extended_Pictographic}[\u{FE0F}\u{1F3FB}-\u{1F3FF}]?\u200D)(?=\p{Extended_Pictographic})|[\u0000-\u001F\u007F-\u009F]|\p{Cf}|\p{Zl}|\p{Zp}/gu;

export function sanitizeText(text: string): string {
  return stripAnsi(text).replace(STRIPPED, (char, emoji: string | undefined) =>
    emoji !== undefined ? emoji : char === '\n' || char === '\t' || char === '\r' ? ' ' : '',
  );
}

/** `sanitizeText` for optional values: null/undefined stay as they are. */
export function sanitizeOptional(text: string | null | undefined): string | null {
  return text == null ? null : sanitizeText(text);
}
