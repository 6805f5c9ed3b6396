/**
 * How `--help` is laid out: every page fits the terminal (80 columns when the width is unknown), whatever
 * the commands and their texts hold. Commander wraps descriptions beside a column of terms as wide as the
 * widest term, so a long alias (`put-ip-address-map-entry|putVirtualPrivateGatewayIpAddressMapEntry`)
 * would push every description past the edge: lists and usage lines show a command's name only, and its
 * own page names its aliases. Text added to a page as it is (examples, notes) is folded to the width at
 * the end: an example command line is continued with ` \` as a shell reads it, prose under its indent.
 */
import type { Command, HelpConfiguration } from 'commander';

/** The width of help when the terminal does not say: the conventional 80 columns. */
export const DEFAULT_HELP_WIDTH = 80;

/** The help width: the terminal's, else `COLUMNS` (as shells export it), else 80. */
export function helpWidth(columns: number | undefined, env: Record<string, string | undefined>): number {
  if (columns !== undefined && columns > 0) return columns;
  const fromEnv = Number(env.COLUMNS);
  return Number.isInteger(fromEnv) && fromEnv >= 40 ? fromEnv : DEFAULT_HELP_WIDTH;
}

function ancestors(cmd: Command): string[] {
  const names: string[] = [];
  for (let parent = cmd.parent; parent; parent = parent.parent) names.unshift(parent.name());
  return names;
}

/**
 * A command's name in the list of its parent's commands, with its first alias when both stay short
 * (`groups|batch-groups`); a longer alias would widen the column of every line, so it is on the command's
 * own page only.
 */
const MAX_LISTED_NAME = 24;

function listedName(cmd: Command): string {
  const alias = cmd.aliases()[0];
  const both = alias ? `${cmd.name()}|${alias}` : cmd.name();
  return both.length <= MAX_LISTED_NAME ? both : cmd.name();
}

/** The help configuration of every command. `showGlobalOptions: false` for commands that use none. */
export function helpConfiguration(showGlobalOptions = true): HelpConfiguration {
  return {
    showGlobalOptions,
    // Commander stops wrapping when fewer than 40 columns are left beside the terms; options such as
    // `--settle-window-ms <ms>` leave fewer at 80 columns, and unwrapped lines run past the edge.
    minWidthToWrap: 24,
    subcommandTerm: (cmd) =>
      [
        listedName(cmd),
        cmd.options.length > 0 ? '[options]' : '',
        ...cmd.registeredArguments.map((a) => `<${a.name()}>`),
      ]
        .filter(Boolean)
        .join(' '),
    commandUsage: (cmd) => [...ancestors(cmd), cmd.name(), cmd.usage()].join(' '),
    commandDescription: (cmd) => {
      const aliases = cmd.aliases();
      const also =
        aliases.length > 0 ? `\n\nAlso: ${aliases.map((a) => [...ancestors(cmd), a].join(' ')).join(', ')}` : '';
      return `${cmd.description()}${also}`;
    },
  };
}

/** Words of a shell command line, quoted words kept whole (`--name "July tags"` is two words). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: string | undefined;
  for (const c of line) {
    if (quote) {
      word += c;
      if (c === quote) quote = undefined;
    } else if (c === ' ') {
      if (word) words.push(word);
      word = '';
    } else {
      if (c === '"' || c === "'") quote = c;
      word += c;
    }
  }
  if (word) words.push(word);
  return words;
}

/** Greedy fill: `words` into lines of at most `width`, the first after `first`, the rest after `rest`. */
function fill(words: readonly string[], width: number, first: string, rest: string, end = ''): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of words) {
    const candidate = empty ? `${line}${word}` : `${line} ${word}`;
    if (!empty && candidate.length + end.length > width) {
      lines.push(`${line}${end}`);
      line = `${rest}${word}`;
    } else line = candidate;
    empty = false;
  }
  lines.push(line);
  return lines;
}

/**
 * One line folded to `width`. `  $ command ...` (an example) is continued with ` \` and four more spaces;
 * `  term   description` continues under the description; other text under its own indent.
 */
export function fitLine(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const example = /^(\s*)\$ (.*)$/.exec(line);
  if (example) {
    const indent = example[1] as string;
    return fill(shellWords(example[2] as string), width, `${indent}$ `, `${indent}    `, ' \\');
  }
  const indent = (/^\s*/.exec(line) as RegExpExecArray)[0];
  const column = /^\s*\S+(?: \S+)*\s{2,}(?=\S)/.exec(line)?.[0].length;
  const hanging = column !== undefined && column <= width / 2 ? ' '.repeat(column) : indent;
  const head = column !== undefined && column <= width / 2 ? line.slice(0, column) : indent;
  const words = line
    .slice(head.length)
    .split(/ +/)
    .flatMap((word) => splitPath(word, width - hanging.length));
  return fill(words, width, head, hanging);
}

/** A word longer than a line (an API path in a description) split after a `/`, where a reader expects it. */
function splitPath(word: string, max: number): string[] {
  const parts: string[] = [];
  let rest = word;
  while (rest.length > max) {
    const cut = rest.lastIndexOf('/', max - 1);
    if (cut <= 0) break;
    parts.push(rest.slice(0, cut + 1));
    rest = rest.slice(cut + 1);
  }
  return [...parts, rest];
}

/** Every line of a help text folded to `width`. */
export function fitToWidth(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((line) => fitLine(line, width))
    .join('\n');
}
