/**
 * Binds keymap commands to handlers (gemini's `useKeypress` + a small dispatcher). Nobody listens when stdin
 * cannot enter raw mode (Ink would throw "Raw mode is not supported", case-09).
 *
 * Inside a `CommandDispatcher` (the App has one) there is a single Ink listener. For each key it takes the
 * registrations that are active at that moment — before any handler runs — and calls the first matching
 * handler only. So one key runs at most one command, and a handler that closes a modal cannot also trigger the
 * screen that becomes active in the same keypress (Enter closing a dialog must not also open SSH). Registration
 * happens in a layout effect, so a component that unmounts stops receiving keys in the same commit.
 */
import {useInput, useStdin} from 'ink';
import {createContext, createElement, useCallback, useContext, useLayoutEffect, useRef, type ReactNode} from 'react';
import {matches, type Command} from '../keymap.js';

/** Handlers by command id; a missing or undefined handler leaves the command unbound here. */
export type CommandHandlers = Partial<Record<Command, (() => void) | undefined>>;

/** Options of `useCommands`. */
export type UseCommandsOptions = {
  /** Handle keys only while true (e.g. only the screen under no modal). @default true */
  readonly isActive?: boolean;
};

/** Ink's key description for one input event. */
export type InputKey = Parameters<Parameters<typeof useInput>[0]>[1];

/** A focused text field's editor: returns true when it consumed the key (typed text, Backspace, ←/→…). */
export type TextHandler = (input: string, key: InputKey) => boolean;

type Registration = {
  readonly handlers: {current: CommandHandlers};
  readonly isActive: {current: boolean};
  readonly text?: {current: TextHandler};
};

const RegistryContext = createContext<Set<Registration> | null>(null);

function dispatch(registrations: readonly Registration[], input: string, key: InputKey) {
  // A focused text field takes its keys first (letters belong in the text, not to a command).
  for (const registration of registrations) {
    if (registration.text?.current(input, key)) return;
  }
  for (const registration of registrations) {
    for (const [command, handler] of Object.entries(registration.handlers.current)) {
      if (handler && matches(command as Command, input, key)) {
        handler();
        return;
      }
    }
  }
}

/** Owns the one key listener for every `useCommands` below it. */
export function CommandDispatcher({children}: {readonly children?: ReactNode}) {
  const {isRawModeSupported} = useStdin();
  const registryRef = useRef<Set<Registration> | null>(null);
  registryRef.current ??= new Set();
  const registry = registryRef.current;
  const handleInput = useCallback<Parameters<typeof useInput>[0]>(
    (input, key) => dispatch([...registry].filter((registration) => registration.isActive.current), input, key),
    [registry],
  );
  // Ink treats only `false` as inactive, and reports `isRawModeSupported` as `stdin.isTTY` (undefined on a pipe).
  useInput(handleInput, {isActive: isRawModeSupported === true});
  return createElement(RegistryContext.Provider, {value: registry}, children);
}

/**
 * Gives the keys a text field edits with (printable text, Backspace, Delete, ←, →, Home, End) to `handler` while
 * `isActive`, before any command sees them; `handler` returns false for keys it leaves to commands (Enter, Tab,
 * Esc, ↑/↓). Through the dispatcher the handler is read from a ref that each render updates, so a key that follows
 * another in the same burst sees the value the previous key produced (issue 13 item 4) — a handler subscribed in
 * an effect, as `ink-text-input` does, would still hold the old value.
 */
export function useTextInput(handler: TextHandler, {isActive = true}: UseCommandsOptions = {}): void {
  const registry = useContext(RegistryContext);
  const {isRawModeSupported} = useStdin();
  const textRef = useRef(handler);
  textRef.current = handler;
  const isActiveRef = useRef(isActive);
  isActiveRef.current = isActive;
  const handlersRef = useRef<CommandHandlers>({});

  useLayoutEffect(() => {
    if (!registry) return;
    const registration: Registration = {handlers: handlersRef, isActive: isActiveRef, text: textRef};
    registry.add(registration);
    return () => {
      registry.delete(registration);
    };
  }, [registry]);

  const handleInput = useCallback<Parameters<typeof useInput>[0]>((input, key) => {
    if (isActiveRef.current) textRef.current(input, key);
  }, []);
  useInput(handleInput, {isActive: registry === null && isRawModeSupported === true && isActive});
}

/**
 * Calls the handler of the first command in `handlers` (in insertion order) whose key was pressed, while
 * `isActive`. The handlers object may change on every render. Outside a `CommandDispatcher` it listens on its own.
 */
export function useCommands(handlers: CommandHandlers, {isActive = true}: UseCommandsOptions = {}): void {
  const registry = useContext(RegistryContext);
  const {isRawModeSupported} = useStdin();
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;
  const isActiveRef = useRef(isActive);
  isActiveRef.current = isActive;

  useLayoutEffect(() => {
    if (!registry) return;
    const registration: Registration = {handlers: handlersRef, isActive: isActiveRef};
    registry.add(registration);
    return () => {
      registry.delete(registration);
    };
  }, [registry]);

  const handleInput = useCallback<Parameters<typeof useInput>[0]>((input, key) => {
    if (isActiveRef.current) dispatch([{handlers: handlersRef, isActive: isActiveRef}], input, key);
  }, []);
  useInput(handleInput, {isActive: registry === null && isRawModeSupported === true});
}
