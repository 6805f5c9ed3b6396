/**
 * The CLI never prints a credential (issue 6). The SDK already redacts the secrets it knows in its
 * errors and logs; this is the second line of defence at the very end: every byte the CLI writes,
 * to stdout and stderr alike, passes through a redactor that knows every credential the CLI was
 * given (flags, environment, profile), in every spelling the SDK's Redactor handles.
 */
import { Redactor } from '../logging/logging.js';
import type { CliOutput } from './cli-io.js';

/** Flags whose value is a credential (soracom-cli's names). */
export const CREDENTIAL_FLAGS = ['--api-key', '--api-token', '--auth-key-id', '--auth-key'] as const;

/** Environment variables holding credentials, read by the Node entry (`fromEnv`). */
export const CREDENTIAL_ENV = ['SORACOM_AUTH_KEY_ID', 'SORACOM_AUTH_KEY'] as const;

export class SecretRedaction {
  readonly #secrets = new Set<string>();
  readonly #redactor = new Redactor();

  constructor() {
    this.#redactor.addSource(() => [...this.#secrets]);
  }

  add(...values: Array<string | undefined>): void {
    for (const value of values) if (typeof value === 'string' && value.trim() !== '') this.#secrets.add(value);
  }

  redact = (text: string): string => (this.#secrets.size === 0 ? text : this.#redactor.redact(text));

  /** The output with every write redacted; `isTTY` and `columns` still read the real stream. */
  wrap(output: CliOutput): CliOutput {
    const redact = this.redact;
    return {
      write: (text: string) => output.write(redact(text)),
      get isTTY() {
        return output.isTTY;
      },
      get columns() {
        return output.columns;
      },
    };
  }
}

/**
 * Credential values on the command line, found before parsing so that even a parse error that
 * quotes the arguments cannot show them (`--api-key X` and `--api-key=X`).
 */
export function secretsInArgv(argv: readonly string[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    for (const flag of CREDENTIAL_FLAGS) {
      if (arg === flag && i + 1 < argv.length) found.push(argv[i + 1] as string);
      else if (arg.startsWith(`${flag}=`)) found.push(arg.slice(flag.length + 1));
    }
  }
  return found;
}

export function secretsInEnv(env: Record<string, string | undefined>): string[] {
  return CREDENTIAL_ENV.map((name) => env[name]).filter((v): v is string => typeof v === 'string');
}
