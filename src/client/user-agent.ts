/**
 * The `User-Agent` the client sends: `soracom-batch/<version>`, then, where the runtime tells them, its name
 * and version, the operating system and the CPU architecture, e.g. `soracom-batch/0.1.0 (Node.js 20.20.2;
 * linux; x64)`, then the caller's own `userAgent`. Nothing else: no host or user name, no path, no
 * environment variable. Read from the runtime's globals, so the core needs no Node built-in: `Deno.version`
 * and `Deno.build`; `process.versions.bun` or `process.versions.node` with `process.platform` and
 * `process.arch` (Bun and Deno define `process` too, so they are asked first); else a worker's
 * `navigator.userAgent` (Cloudflare's is `Cloudflare-Workers`). In a page, browsers set the header themselves.
 */
import { SDK_VERSION } from '../version.js';

type RuntimeGlobals = {
  Deno?: { version?: { deno?: unknown }; build?: { os?: unknown; arch?: unknown } };
  process?: { versions?: { node?: unknown; bun?: unknown }; platform?: unknown; arch?: unknown };
  navigator?: { userAgent?: unknown };
  document?: unknown;
};

/** One part of the description: printable ASCII that cannot end the comment, cut to a sane length. */
const token = (value: unknown): string =>
  typeof value === 'string' ? value.replace(/[^\w .+/-]/g, '').slice(0, 64) : '';

/** The runtime, OS and architecture as far as `globals` tell them, or undefined. */
export function runtimeDescription(globals: RuntimeGlobals = globalThis as RuntimeGlobals): string | undefined {
  let parts: unknown[] = [];
  try {
    const { Deno: deno, process, navigator } = globals;
    const versions = process?.versions;
    if (deno?.version?.deno) parts = [`Deno ${token(deno.version.deno)}`, deno.build?.os, deno.build?.arch];
    else if (versions?.bun) parts = [`Bun ${token(versions.bun)}`, process?.platform, process?.arch];
    else if (versions?.node) parts = [`Node.js ${token(versions.node)}`, process?.platform, process?.arch];
    else parts = [navigator?.userAgent];
  } catch {
    // A runtime that guards one of these globals tells nothing.
  }
  return parts.map(token).filter(Boolean).join('; ') || undefined;
}

/**
 * The `User-Agent` header, or undefined in a page: browsers refuse to let a script set it. `extra` is the
 * caller's `userAgent` option, appended.
 */
export function userAgent(extra: string | undefined, globals: RuntimeGlobals = globalThis as RuntimeGlobals) {
  if (globals.document !== undefined) return undefined;
  const runtime = runtimeDescription(globals);
  return [`soracom-batch/${SDK_VERSION}`, runtime && `(${runtime})`, extra].filter(Boolean).join(' ');
}
