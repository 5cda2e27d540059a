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

type Registration = {readonly handlers: {current: CommandHandlers}; readonly isActive: {current: boolean}};

const RegistryContext = createContext<Set<Registration> | null>(null);

function dispatch(registrations: readonly Registration[], input: string, key: Parameters<Parameters<typeof useInput>[0]>[1]) {
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
