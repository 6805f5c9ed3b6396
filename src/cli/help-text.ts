/** The "Examples:" block at the end of every command's `--help`. Lines starting with `#` are comments. */
export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => (line.startsWith('#') || line === '' ? `  ${line}` : `  $ ${line}`)).join('\n')}\n`;
}
