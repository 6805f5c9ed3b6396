/**
 * Root of every error this SDK throws. Each class carries a brand (a `Symbol.for` key shared by all
 * copies of the package) so the type guards in `guards.ts` work across realms and duplicated installs,
 * where `instanceof` would fail.
 *
 * Errors never hold a secret in their message (the factories redact it first), and their
 * `util.inspect` and `JSON.stringify` views are built from secret-free fields only: the `cause` of a
 * connection failure comes from `fetch` and is shown through the client's redactor, never raw.
 */
import { describeCause } from './describe-cause.js';

export const ERROR_BRAND: unique symbol = Symbol.for('soracom-batch.error') as never;

/** Node's hook for `util.inspect`, spelled out so the core needs no `node:util` import. */
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

type Redact = (text: string) => string;
const redactors = new WeakMap<object, Redact>();

/** Called by the factories: every view of `error` (inspect, JSON) passes through `redact`. */
export function attachRedactor<E extends SoracomError>(error: E, redact: Redact | undefined): E {
  if (redact) redactors.set(error, redact);
  return error;
}

/**
 * The root of every error this SDK throws; check for it with {@link isSoracomError}, which works across
 * realms and duplicated installs where `instanceof` would not.
 *
 * @example
 * ```ts
 * import { isSoracomError } from 'soracom-batch';
 *
 * try {
 *   await batch.getBatchGroup({ batch_group_id });
 * } catch (error) {
 *   if (isSoracomError(error)) console.error(error.name, error.message);
 *   else throw error;
 * }
 * ```
 * @category Errors
 */
export class SoracomError extends Error {
  /**
   * The class name, spelled out because bundlers that minify rename classes (and so `.name`);
   * every subclass declares its own.
   */
  static readonly kind: string = 'SoracomError';
  /** Kinds of the classes in this error's chain, most specific first; read by the guards. */
  declare readonly [ERROR_BRAND]: readonly string[];

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = (new.target as typeof SoracomError).kind;
    const chain: string[] = [];
    for (let proto = new.target.prototype; proto && proto !== Error.prototype; proto = Object.getPrototypeOf(proto)) {
      chain.push((proto.constructor as typeof SoracomError).kind);
    }
    Object.defineProperty(this, ERROR_BRAND, { value: Object.freeze(chain), enumerable: false });
    // `cause` is kept for programs (`error.cause.code`), but not enumerable: views go through toJSON/inspect.
    if (options && 'cause' in options) {
      Object.defineProperty(this, 'cause', {
        value: options.cause,
        enumerable: false,
        writable: true,
        configurable: true,
      });
    }
  }

  /**
   * A plain, secret-free view for logs and `JSON.stringify`.
   *
   * @example
   * ```ts
   * import { isSoracomError } from 'soracom-batch';
   *
   * try {
   *   await batch.listBatchGroups();
   * } catch (error) {
   *   if (isSoracomError(error)) console.error(JSON.stringify(error)); // {"name":"...","message":"...",...}
   * }
   * ```
   */
  toJSON(): Record<string, unknown> {
    const redact = redactors.get(this) ?? ((text: string) => text);
    const json: Record<string, unknown> = { name: this.name, message: redact(this.message) };
    if (this.cause !== undefined) json.cause = redact(describeCause(this.cause));
    return json;
  }

  /**
   * `util.inspect` (and so `console.log`) view: the stack, then the fields of `toJSON`, all redacted.
   * Node passes its own `inspect` as the third argument, so no Node import is needed here. Node calls
   * it; programs use `util.inspect(error)` or `console.log(error)`, so the API reference leaves it out.
   *
   * @internal
   */
  [INSPECT](_depth: number, options: unknown, inspect?: (value: unknown, options?: unknown) => string): string {
    const redact = redactors.get(this) ?? ((text: string) => text);
    const { name: _name, message: _message, ...fields } = this.toJSON();
    const shown =
      Object.keys(fields).length === 0 ? '' : ` ${inspect ? inspect(fields, options) : JSON.stringify(fields)}`;
    return redact(`${this.stack ?? `${this.name}: ${this.message}`}${shown}`);
  }
}
