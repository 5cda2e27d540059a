import stripAnsi from 'strip-ansi';

/**
 * Removes whole ANSI escape sequences (colours, cursor moves, OSC titles), then strips C0/C1 control characters (ESC,
 * BEL, CR, NUL, U+0080–U+009F, …) and every Unicode format, line-separator and paragraph-separator character
 * (general categories Cf, Zl, Zp: bidi embeddings, overrides and isolates, zero-width space/joiners, word joiner,
 * BOM, soft hyphen, U+2028, U+2029 — issue 11 item 8; only the joiners inside emoji sequences stay) from text that came from outside (provider, advert, RPC,
 * file) before it is drawn in a terminal, so a hostile advert cannot move the cursor, change colours, reorder what
 * is shown or hide characters. Newlines, tabs and CR become spaces.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F]|\p{Cf}|\p{Zl}|\p{Zp}/gu;

/** A pictographic character, optionally with its presentation selector or skin tone (TR51), right before a joiner. */
const PICTOGRAPH_BEFORE = /\p{Extended_Pictographic}[\u{FE0F}\u{1F3FB}-\u{1F3FF}]?$/u;
const PICTOGRAPH_AFTER = /^\p{Extended_Pictographic}/u;
/** Tag characters (U+E0020–U+E007F) after the black flag or another tag: a subdivision flag such as Scotland's. */
const FLAG_TAG_BEFORE = /(?:\u{1F3F4}|[\u{E0020}-\u{E007F}])$/u;

/**
 * Whether the format character `char` at `offset` of `text` is part of an emoji sequence (case-13): a zero-width
 * joiner between two pictographs (👨‍💻) or a tag of a subdivision flag. These only join what is drawn, so keeping them
 * keeps the grapheme whole without letting text reorder or hide itself.
 */
function isEmojiGlue(char: string, offset: number, text: string): boolean {
  if (char === '\u200D') return PICTOGRAPH_BEFORE.test(text.slice(Math.max(0, offset - 4), offset)) && PICTOGRAPH_AFTER.test(text.slice(offset + 1, offset + 3));
  const code = char.codePointAt(0)!;
  return code >= 0xe0020 && code <= 0xe007f && FLAG_TAG_BEFORE.test(text.slice(Math.max(0, offset - 2), offset));
}

export function sanitizeText(text: string): string {
  return stripAnsi(text).replace(CONTROL, (char: string, offset: number, whole: string) => {
    if (char === '\n' || char === '\t' || char === '\r') return ' ';
    return isEmojiGlue(char, offset, whole) ? char : '';
  });
}

/** `sanitizeText` for optional values: null/undefined stay as they are. */
export function sanitizeOptional(text: string | null | undefined): string | null {
  return text == null ? null : sanitizeText(text);
}
