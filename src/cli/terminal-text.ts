/**
 * Text from outside (API data: group and job names, error messages; file contents) shown on a terminal
 * as text: the characters a terminal would act on are written as visible escapes instead.
 */

/**
 * Characters a terminal acts on instead of showing: C0 controls but tab and newline (ESC starts colour,
 * cursor and title sequences), DEL, C1 controls (U+009B is a one-character CSI), and the bidirectional
 * overrides and isolates that reorder what is shown (https://trojansource.codes).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this pattern is for
const UNSAFE_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Text with every control character shown as an escape (`\x1b`, `\u202e`) instead of acted on. */
export function visibleText(text: string): string {
  return text.replace(UNSAFE_CHARACTERS, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
