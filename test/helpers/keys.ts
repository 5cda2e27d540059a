/**
 * Key sequences as a terminal sends them, and helpers that type into an ink-testing-library instance and give
 * Ink time to parse the input and render (Shopify's `sendInputAndWait`).
 */
import {act} from 'react';
import stripAnsi from 'strip-ansi';

/** Raw input for named keys. */
export const keys = {
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  enter: '\r',
  escape: '\u001B',
  tab: '\t',
  shiftTab: '\u001B[Z',
  backspace: '\u007F',
  ctrlC: '\u0003',
} as const;

/** The part of an ink-testing-library instance these helpers need. */
export type InputTarget = {
  readonly stdin: {write(data: string): void};
  readonly lastFrame: () => string | undefined;
};

/** Lets pending I/O callbacks, React work and Ink's lone-Escape flush (a `setImmediate`) run. */
export async function settle(ms = 15): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Writes each input as a separate keypress (or paste) inside React's `act`, so the render it causes and that
 * render's effects (Ink re-subscribes input handlers in effects) have all run before the next key — as with a
 * person typing, not faster than the UI can follow.
 */
export async function press(instance: InputTarget, ...inputs: string[]): Promise<void> {
  for (const input of inputs) {
    const scope = globalThis as {IS_REACT_ACT_ENVIRONMENT?: boolean};
    scope.IS_REACT_ACT_ENVIRONMENT = true;
    try {
      await act(async () => {
        instance.stdin.write(input);
        await settle(1);
      });
    } finally {
      scope.IS_REACT_ACT_ENVIRONMENT = false;
    }
    await settle();
  }
}

/** The last frame without colours (what a person reads). */
export function frameOf(instance: InputTarget): string {
  return stripAnsi(instance.lastFrame() ?? '');
}

/**
 * Waits until the last frame contains `expected` (text) or satisfies it (predicate), polling with real timers.
 * Throws with the last frame after `timeoutMs`.
 */
export async function waitForFrame(
  instance: InputTarget,
  expected: string | ((frame: string) => boolean),
  {timeoutMs = 5000}: {timeoutMs?: number} = {},
): Promise<string> {
  const test = typeof expected === 'string' ? (frame: string) => frame.includes(expected) : expected;
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const frame = frameOf(instance);
    if (test(frame)) return frame;
    if (performance.now() > deadline) {
      throw new Error(`Timed out waiting for ${typeof expected === 'string' ? JSON.stringify(expected) : 'frame'}; last frame:\n${frame}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
