/** A console-like logger that keeps every line, for assertions and the secret-leak sweep. */
export type CapturedLine = { level: 'debug' | 'info' | 'warn' | 'error'; message: string };

export function captureLogger(onLine?: (line: CapturedLine) => void) {
  const lines: CapturedLine[] = [];
  const at =
    (level: CapturedLine['level']) =>
    (message: string, ...rest: unknown[]) => {
      const line = { level, message: [message, ...rest.map(String)].join(' ') };
      lines.push(line);
      onLine?.(line);
    };
  return { lines, logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}
