import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {plainTable} from '../../../source/commands/plain-table.js';

describe('plainTable', () => {
  it('case-13: wide, ZWJ, flag and combining names keep every column aligned; long names end in "…"', () => {
    const names = ['東京-node 🚀', '🇩🇪 Berlin', '👨‍💻dev', 'e\u0301te', 'x'.repeat(300)];
    const lines = plainTable(
      [{header: 'Name', maxWidth: 20}, {header: 'CPU', align: 'right'}, {header: 'End'}],
      names.map((name) => [name, '4', '|']),
    );
    const barColumn = lines.slice(2).map((line) => stringWidth(line.slice(0, line.lastIndexOf('|'))));
    expect(new Set(barColumn).size).toBe(1);
    expect(lines.at(-1)).toContain('…');
    expect(lines.join('\n')).toContain('🇩🇪 Berlin');
    expect(lines.join('\n')).toContain('👨‍💻dev');
  });
});
