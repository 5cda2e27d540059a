import {cleanup, render} from 'ink-testing-library';
import stringWidth from 'string-width';
import stripAnsi from 'strip-ansi';
import {afterEach, describe, expect, it} from 'vitest';
import {fitColumnWidths, Table, type TableColumn} from '../../../../source/ui/components/table.js';

afterEach(() => cleanup());

type Row = {readonly name: string; readonly country: string; readonly cpu: number};

const CASE_13_NAMES = ['東京-node 🚀', '🇩🇪 Berlin', '👨‍💻dev', 'e\u0301clair', `long-${'x'.repeat(295)}`];
const rows: Row[] = CASE_13_NAMES.map((name, index) => ({name, country: index % 2 ? '🇵🇱' : 'JP', cpu: 2 ** index}));
const columns: ReadonlyArray<TableColumn<Row>> = [
  {key: 'name', header: 'Provider', cell: (row) => row.name, minWidth: 6},
  {key: 'country', header: 'Country', cell: (row) => row.country},
  {key: 'cpu', header: 'CPU', cell: (row) => String(row.cpu), align: 'right'},
];

const segmenter = new Intl.Segmenter(undefined, {granularity: 'grapheme'});

function lines(frame: string | undefined): string[] {
  return stripAnsi(frame ?? '').split('\n');
}

function renderTable(props: Partial<Parameters<typeof Table<Row>>[0]> = {}) {
  return render(<Table rows={rows} columns={columns} rowKey={(row) => row.name} {...props} />);
}

describe('Table', () => {
  it.each([100, 60, 40, 24])('case-13: keeps borders aligned for wide, ZWJ, flag and combining names at %i columns', (width) => {
    const {lastFrame} = renderTable({width, selectedIndex: 2});
    const drawn = lines(lastFrame());
    expect(drawn).toHaveLength(rows.length + 4);
    const widths = drawn.map((line) => stringWidth(line));
    expect(new Set(widths).size, drawn.join('\n')).toBe(1);
    expect(widths[0]).toBeLessThanOrEqual(width);
    // Every vertical border sits in the same display column on every line.
    const borderColumns = (line: string) => {
      const positions: number[] = [];
      let column = 0;
      for (const {segment} of segmenter.segment(line)) {
        if ('│┌┐└┘├┤┬┴┼'.includes(segment)) positions.push(column);
        column += stringWidth(segment);
      }
      return positions.join(',');
    };
    expect(new Set(drawn.map(borderColumns)).size, drawn.join('\n')).toBe(1);
  });

  it('case-13: truncates a 300-character name with "…" and never splits a grapheme cluster', () => {
    const {lastFrame} = renderTable({width: 30});
    const frame = lines(lastFrame()).join('\n');
    expect(frame).toContain('long-');
    expect(frame).toContain('…');
    expect(frame).not.toContain('x'.repeat(40));
    const allowed = new Set(CASE_13_NAMES.flatMap((name) => [...segmenter.segment(name)].map(({segment}) => segment)));
    const bodyLines = lines(lastFrame()).slice(3, -1);
    for (const line of bodyLines) {
      const cell = line.split('│')[1]!.slice(1).trimEnd();
      for (const {segment} of segmenter.segment(cell)) {
        if (segment !== '…' && segment !== ' ') expect(allowed.has(segment), `${JSON.stringify(segment)} in ${line}`).toBe(true);
      }
    }
  });

  it('marks the selected row', () => {
    const {lastFrame} = renderTable({width: 60, selectedIndex: 1});
    const body = lines(lastFrame()).slice(3, -1);
    expect(body[1]).toMatch(/^│›🇩🇪 Berlin/);
    expect(body.filter((line) => line.includes('›'))).toHaveLength(1);
  });

  it('scrolls to keep the selection visible when rows exceed the height', () => {
    const many = Array.from({length: 20}, (_, index) => ({name: `node-${index}`, country: 'DE', cpu: 1}));
    const {lastFrame, rerender} = render(
      <Table rows={many} columns={columns} rowKey={(row) => row.name} selectedIndex={0} maxRows={5} width={50} />,
    );
    expect(stripAnsi(lastFrame() ?? '')).toContain('node-4');
    expect(stripAnsi(lastFrame() ?? '')).not.toContain('node-5');
    rerender(<Table rows={many} columns={columns} rowKey={(row) => row.name} selectedIndex={12} maxRows={5} width={50} />);
    const frame = stripAnsi(lastFrame() ?? '');
    expect(frame).toContain('›node-12');
    expect(frame).not.toContain('node-7 ');
    expect(frame).toContain('rows 9–13 of 20');
    // Moving up inside the window does not move the window.
    rerender(<Table rows={many} columns={columns} rowKey={(row) => row.name} selectedIndex={10} maxRows={5} width={50} />);
    expect(stripAnsi(lastFrame() ?? '')).toContain('rows 9–13 of 20');
  });

  it('shows the empty text when there are no rows', () => {
    const {lastFrame} = render(<Table rows={[]} columns={columns} rowKey={(row) => row.name} emptyText="No providers found." width={60} />);
    const drawn = lines(lastFrame());
    expect(drawn.join('\n')).toContain('No providers found.');
    expect(new Set(drawn.map((line) => stringWidth(line))).size).toBe(1);
  });

  it('strips control characters a cell might still carry', () => {
    const {lastFrame} = render(
      <Table rows={[{name: 'evil\u001B[2J\nname', country: 'DE', cpu: 1}]} columns={columns} rowKey={(row) => row.name} width={60} />,
    );
    const drawn = lines(lastFrame());
    expect(drawn).toHaveLength(5);
    expect(new Set(drawn.map((line) => stringWidth(line))).size).toBe(1);
  });
});

describe('fitColumnWidths', () => {
  it('keeps natural widths that fit, else shrinks the widest first down to the minimums, then below', () => {
    expect(fitColumnWidths([10, 5], [3, 3], 40)).toEqual([10, 5]);
    expect(fitColumnWidths([30, 5], [3, 3], 7 + 20)).toEqual([15, 5]);
    expect(fitColumnWidths([30, 30], [10, 10], 7 + 8)).toEqual([4, 4]);
  });
});

describe('Table virtualisation', () => {
  it('turns only the visible rows into cells when the selection moves over 10,000 rows', () => {
    let calls = 0;
    const many = Array.from({length: 10_000}, (_, index) => ({name: `row-${index}`, country: 'DE', cpu: index}));
    const counted: ReadonlyArray<TableColumn<Row>> = columns.map((column) => ({
      ...column,
      cell: (row: Row) => {
        calls += 1;
        return column.cell(row);
      },
    }));
    const view = (selectedIndex: number) => (
      <Table rows={many} columns={counted} rowKey={(row) => row.name} selectedIndex={selectedIndex} maxRows={10} width={60} />
    );
    const {lastFrame, rerender} = render(view(0));
    // The first render measures every row once for the column widths.
    expect(calls).toBeGreaterThanOrEqual(10_000);
    calls = 0;
    rerender(view(5000));
    expect(calls).toBe(10 * columns.length);
    const drawn = lines(lastFrame());
    expect(drawn.filter((line) => line.startsWith('│') && !line.includes('Provider'))).toHaveLength(10);
    expect(drawn.join('\n')).toContain('›row-5000');
    expect(drawn.at(-1)).toContain('of 10000');
  });
});

describe('Table optional columns', () => {
  it('leaves out an optional column when the natural widths do not fit, instead of cutting every header', () => {
    const withOptional: ReadonlyArray<TableColumn<Row>> = [columns[0]!, {...columns[1]!, isOptional: true}, columns[2]!];
    const short = rows.slice(0, 2);
    const wide = lines(render(<Table rows={short} columns={withOptional} rowKey={(row) => row.name} width={40} />).lastFrame());
    expect(wide[1]).toContain('Country');
    const narrow = lines(render(<Table rows={short} columns={withOptional} rowKey={(row) => row.name} width={24} />).lastFrame());
    expect(narrow[1]).not.toContain('Coun');
    expect(narrow[1]).toContain('CPU');
    expect(new Set(narrow.map((line) => stringWidth(line))).size).toBe(1);
  });
});
