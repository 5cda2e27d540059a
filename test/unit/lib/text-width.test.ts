import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {fitToWidth, truncateToWidth} from '../../../source/lib/text-width.js';

const segmenter = new Intl.Segmenter(undefined, {granularity: 'grapheme'});
const graphemes = (text: string) => [...segmenter.segment(text)].map(({segment}) => segment);

describe('truncateToWidth', () => {
  it('case-13: never splits a flag, a ZWJ sequence or a combining mark', () => {
    const cases = ['🇩🇪 Berlin', '👨‍💻dev', 'e\u0301clair', '東京-node 🚀'];
    for (const text of cases) {
      const whole = new Set(graphemes(text));
      for (let width = 1; width <= stringWidth(text); width++) {
        const cut = truncateToWidth(text, width);
        expect(stringWidth(cut)).toBeLessThanOrEqual(width);
        for (const part of graphemes(cut)) if (part !== '…') expect(whole.has(part), `${JSON.stringify(cut)} at ${width}`).toBe(true);
      }
    }
  });

  it('case-13: keeps text that fits and ends a cut with an ellipsis', () => {
    expect(truncateToWidth('東京-node 🚀', 12)).toBe('東京-node 🚀');
    expect(truncateToWidth('東京-node 🚀', 4)).toBe('東…');
    expect(truncateToWidth('x'.repeat(300), 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it('case-13: pads to the exact display width even when a wide character does not fit', () => {
    for (const width of [1, 2, 3, 4, 5]) expect(stringWidth(fitToWidth('東京', width))).toBe(width);
    expect(fitToWidth('7', 3, 'right')).toBe('  7');
  });
});
