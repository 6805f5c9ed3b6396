/**
 * Reads `--input`, `--body @file` and the like: a file path (relative to the working directory) or
 * `-` for stdin. Files are read whole: even a million-row CSV is a few tens of MB, and parsing all of
 * it first is what lets every invalid row be reported before anything is submitted.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError } from '../cli-errors.js';
import type { CliIo } from '../cli-io.js';

export type TextSource = {
  text: string /** How problems name it: the path as given, or `stdin`. */;
  label: string;
  path?: string;
};

async function readStdin(io: CliIo): Promise<string> {
  const decoder = new TextDecoder('utf-8');
  let text = '';
  for await (const chunk of io.readStdin()) {
    text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  }
  return text + decoder.decode();
}

export async function readTextSource(spec: string, io: CliIo, what: string): Promise<TextSource> {
  if (spec === '-') return { text: await readStdin(io), label: 'stdin' };
  const path = resolve(io.cwd, spec);
  try {
    return { text: await readFile(path, 'utf8'), label: spec, path };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : String(code ?? error);
    throw new UsageError(`cannot read ${what} ${spec}: ${reason}`);
  }
}
