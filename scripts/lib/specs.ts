/**
 * The API descriptions the generator turns into `generated/` files. Adding a spec here is all it
 * takes to lint it, correct it (scripts/spec-fixes.ts), generate its types and its operation table.
 */
export type SpecEntry = {
  /** Base name of every generated file: `generated/<name>.ts`, `generated/<name>-operations.ts`. */
  name: string;
  /** The published (or hand-written) description, relative to the repository root. */
  source: string;
  /**
   * The SDK's client is built from this spec: its table carries what the client checks at run time (the
   * body fields), and the generator writes the documented interface of its methods
   * (`generated/<name>-methods.ts`, scripts/lib/method-interface.ts).
   */
  client?: boolean;
};

export const specs: SpecEntry[] = [
  // The Batch API as Soracom publishes it (taken by `npm run spec:update`; first the restored seed).
  { name: 'batch', source: 'openapi/batch.yaml', client: true },
  // Written by us: the three auth operations the SDK uses (login, token renewal, logout).
  { name: 'auth', source: 'openapi/auth.yaml' },
  // Written by us: the eight operations a Batch task may call; `spec:update` compares it with the official spec.
  { name: 'actions', source: 'openapi/actions.yaml' },
];
