/**
 * Copying to the user's clipboard through the terminal: OSC 52 (`ESC ] 52 ; c ; base64 BEL`, xterm's "manipulate
 * selection data"), which works over SSH and inside tmux (with `set -g set-clipboard on`, tmux's default `external`
 * passes it on from applications that ask). The terminal may refuse it silently; the caller says so in its notice.
 */

/** The OSC 52 sequence that puts `text` on the clipboard ("c" selection). */
export function osc52(text: string): string {
  return `\u001B]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
}
