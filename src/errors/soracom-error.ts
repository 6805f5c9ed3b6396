/**
 * Root of every error this SDK throws. Each class carries a brand (a `Symbol.for` key shared by all
 * copies of the package) so the type guards in `guards.ts` work across realms and duplicated installs,
 * where `instanceof` would fail.
 */
export const ERROR_BRAND: unique symbol = Symbol.for('soracom-batch.error') as never;

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
  }

  /** A plain, secret-free view for logs and `JSON.stringify`. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message };
  }
}
