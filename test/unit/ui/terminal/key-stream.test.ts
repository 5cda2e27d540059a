import {describe, expect, it} from 'vitest';
import {createKeyStream, splitKeys} from '../../../../source/ui/terminal/key-stream.js';
import {applyTextKey} from '../../../../source/ui/components/text-input.js';
import {FakeTtyIn} from '../../../helpers/fake-tty.js';

/** Collects what a reader that reads on `readable`, as Ink does, receives. */
function reader(stream: ReturnType<typeof createKeyStream>) {
  const received: string[] = [];
  const onReadable = () => {
    let key: unknown;
    while ((key = stream.read()) !== null) received.push(String(key));
  };
  stream.addListener('readable', onReadable);
  return {received, stop: () => stream.removeListener('readable', onReadable)};
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('splitKeys', () => {
  it('splits text, control keys and escape sequences into keys, keeping surrogate pairs whole', () => {
    expect(splitKeys('ab\t\u007F\r')).toEqual(['a', 'b', '\t', '\u007F', '\r']);
    expect(splitKeys('\u001B[A\u001B[3~\u001BOPx')).toEqual(['\u001B[A', '\u001B[3~', '\u001BOP', 'x']);
    expect(splitKeys('🚀é\u001B')).toEqual(['🚀', 'é', '\u001B']);
    // Esc then q in one read: Escape, then q (not Alt-q).
    expect(splitKeys('\u001Bq')).toEqual(['\u001B', 'q']);
  });
});

describe('createKeyStream (issue 13 item 4)', () => {
  it('hands over one key per read, in the order they arrived in one chunk', async () => {
    const stdin = new FakeTtyIn();
    const keys = createKeyStream(stdin as unknown as NodeJS.ReadStream);
    const {received} = reader(keys);
    stdin.write('220\t\u007F\u007F\r');
    await settle();
    expect(received).toEqual(['2', '2', '0', '\t', '\u007F', '\u007F', '\r']);
  });

  it('keys typed before the views are loaded wait, then arrive one by one in order (issue 16: views after the first frame)', async () => {
    const stdin = new FakeTtyIn();
    let loaded: () => void = () => {};
    const keys = createKeyStream(stdin as unknown as NodeJS.ReadStream, {heldUntil: new Promise<void>((resolve) => (loaded = resolve))});
    const {received} = reader(keys);
    stdin.write('2jj');
    await settle();
    expect(received).toEqual([]);
    loaded();
    await settle();
    expect(received).toEqual(['2', 'j', 'j']);
  });

  it('case-14: a bracketed paste, even split over chunks, is one input without its line breaks', async () => {
    const stdin = new FakeTtyIn();
    const keys = createKeyStream(stdin as unknown as NodeJS.ReadStream);
    const {received} = reader(keys);
    stdin.write('x\u001B[200~line one\nline');
    await settle();
    stdin.write(' two\r\n\u001B[201~\r');
    await settle();
    expect(received).toEqual(['x', 'line oneline two', '\r']);
  });

  it('when the reader lets go, undelivered keys go back to the real stdin for the next owner', async () => {
    const stdin = new FakeTtyIn();
    const keys = createKeyStream(stdin as unknown as NodeJS.ReadStream);
    const received: string[] = [];
    let stop = () => {};
    const onReadable = () => {
      const key = keys.read();
      if (key === null) return;
      received.push(String(key));
      if (key === '\r') stop();
    };
    keys.addListener('readable', onReadable);
    stop = () => keys.removeListener('readable', onReadable);
    stdin.write('\rls\r');
    await settle();
    expect(received).toEqual(['\r']);
    expect(String(stdin.read())).toBe('ls\r');
  });
});

describe('applyTextKey', () => {
  const key = (flags: Record<string, boolean> = {}) => flags as unknown as Parameters<typeof applyTextKey>[2];
  it('inserts at the cursor, deletes before it, moves with arrows, leaves Enter and Tab to commands', () => {
    let edit = {value: 'ac', cursor: 1};
    edit = applyTextKey(edit, 'b', key())!;
    expect(edit).toEqual({value: 'abc', cursor: 2});
    edit = applyTextKey(edit, '', key({backspace: true}))!;
    expect(edit).toEqual({value: 'ac', cursor: 1});
    edit = applyTextKey(edit, '', key({end: true}))!;
    expect(applyTextKey(edit, 'x\ny', key())).toEqual({value: 'acxy', cursor: 4});
    expect(applyTextKey(edit, '', key({return: true}))).toBeNull();
    expect(applyTextKey(edit, '', key({tab: true}))).toBeNull();
    expect(applyTextKey({value: 'a🚀', cursor: 3}, '', key({backspace: true}))).toEqual({value: 'a', cursor: 1});
  });
});
