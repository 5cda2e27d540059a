/**
 * Binds keymap commands to handlers: a thin layer over Ink's `useInput` (gemini's `useKeypress`). Input is
 * gated, not filtered: an inactive caller does not listen at all, and nobody listens when stdin cannot enter
 * raw mode (Ink would throw "Raw mode is not supported", case-09).
 */
import {useInput, useStdin} from 'ink';
import {useCallback, useRef} from 'react';
import {matches, type Command} from '../keymap.js';

/** Handlers by command id; a missing or undefined handler leaves the command unbound here. */
export type CommandHandlers = Partial<Record<Command, (() => void) | undefined>>;

/** Options of `useCommands`. */
export type UseCommandsOptions = {
  /** Listen only while true (e.g. only the screen under no modal). @default true */
  readonly isActive?: boolean;
};

/**
 * Calls the handler of the first command in `handlers` (in insertion order) whose key was pressed. The
 * handlers object may change on every render; the Ink listener is subscribed once per activation.
 */
export function useCommands(handlers: CommandHandlers, {isActive = true}: UseCommandsOptions = {}): void {
  const {isRawModeSupported} = useStdin();
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;
  const handleInput = useCallback<Parameters<typeof useInput>[0]>((input, key) => {
    for (const [command, handler] of Object.entries(handlersRef.current)) {
      if (handler && matches(command as Command, input, key)) {
        handler();
        return;
      }
    }
  }, []);
  useInput(handleInput, {isActive: isActive && isRawModeSupported});
}
