/**
 * Counts the fetch-API objects a piece of code constructs (Request, Response, Headers,
 * AbortController), by swapping the globals for counting subclasses while it runs. Subclass
 * instances still pass `instanceof` checks, so the code behaves the same. Only constructions through
 * the globals are seen (code such as openapi-fetch and the SDK's transport); the Request that
 * undici's `fetch` makes internally for every call is not, on either side.
 */
type Counted = 'Request' | 'Response' | 'Headers' | 'AbortController';
const NAMES: readonly Counted[] = ['Request', 'Response', 'Headers', 'AbortController'];

export type Census = Record<Counted, number>;

export async function censusOf(fn: () => Promise<void>): Promise<Census> {
  const counts: Census = { Request: 0, Response: 0, Headers: 0, AbortController: 0 };
  const originals = new Map<Counted, unknown>();
  const globals = globalThis as unknown as Record<Counted, new (...args: never[]) => object>;
  for (const name of NAMES) {
    const Base = globals[name];
    originals.set(name, Base);
    // A named subclass per global: constructing it counts and then behaves exactly like the base.
    const Counting = class extends (Base as new (...args: unknown[]) => object) {
      constructor(...args: unknown[]) {
        super(...args);
        counts[name]++;
      }
    };
    Object.defineProperty(Counting, 'name', { value: name });
    globals[name] = Counting as unknown as (typeof globals)[Counted];
  }
  try {
    await fn();
  } finally {
    for (const name of NAMES) globals[name] = originals.get(name) as (typeof globals)[Counted];
  }
  return counts;
}
