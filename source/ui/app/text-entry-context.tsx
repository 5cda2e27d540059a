/**
 * Who is typing text outside a modal (the `/` filter line, the `:` palette). While someone is, the global keys
 * (`q`, digits, Tab, `r`…) stand down so the letters land in the text; Ctrl-C still quits. The App shell owns
 * the flag; a component claims it with `useTextEntry(true)` and releases it on `false` or unmount.
 */
import {createContext, useContext, useLayoutEffect, type ReactNode} from 'react';

const TextEntryContext = createContext<(isTyping: boolean) => void>(() => {});

/** Props of `TextEntryProvider`: `onChange(isTyping)` is called when a component claims or releases text entry. */
export type TextEntryProviderProps = {readonly onChange: (isTyping: boolean) => void; readonly children?: ReactNode};

/** Lets components below report text entry to the shell. */
export function TextEntryProvider({onChange, children}: TextEntryProviderProps) {
  return <TextEntryContext.Provider value={onChange}>{children}</TextEntryContext.Provider>;
}

/** Reports `isTyping` to the shell (in a layout effect, so the global keys stand down before the next key). */
export function useTextEntry(isTyping: boolean): void {
  const report = useContext(TextEntryContext);
  useLayoutEffect(() => {
    if (!isTyping) return;
    report(true);
    return () => report(false);
  }, [isTyping, report]);
}
