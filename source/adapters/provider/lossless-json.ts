/**
 * JSON.parse that keeps integers above 2^53 exact. Providers send wei amounts and stream ids as bare JSON
 * numbers that routinely exceed 2^53 (reference §4.9); `JSON.parse` would round them to the nearest double
 * (and Node 20 has no reviver source access). This rewrites every integer literal outside strings whose
 * magnitude exceeds `Number.MAX_SAFE_INTEGER` into a JSON string of its digits before parsing, so a schema can
 * turn it into a bigint without losing a digit. Safe integers, fractions and exponents are left as numbers.
 *
 * Throws `SyntaxError` like `JSON.parse` for malformed text.
 *
 * @example
 * parseJsonLossless('{"deposit": 123456789012345678901234567890}') // {deposit: '123456789012345678901234567890'}
 */
export function parseJsonLossless(text: string): unknown {
  let output = '';
  let index = 0;
  let copiedUpTo = 0;
  const length = text.length;
  while (index < length) {
    const char = text.charCodeAt(index);
    if (char === 0x22 /* " */) {
      index++;
      while (index < length) {
        const inner = text.charCodeAt(index);
        if (inner === 0x5c /* \ */) index += 2;
        else if (inner === 0x22) break;
        else index++;
      }
      index++;
      continue;
    }
    if (char === 0x2d /* - */ || (char >= 0x30 && char <= 0x39)) {
      const start = index;
      index++;
      while (index < length && /[0-9.eE+-]/.test(text[index]!)) index++;
      const literal = text.slice(start, index);
      if (/^-?\d+$/.test(literal) && !Number.isSafeInteger(Number(literal))) {
        output += `${text.slice(copiedUpTo, start)}"${literal}"`;
        copiedUpTo = index;
      }
      continue;
    }
    index++;
  }
  return JSON.parse(output + text.slice(copiedUpTo));
}
