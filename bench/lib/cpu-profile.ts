/**
 * Where the time goes: runs a function under V8's sampling CPU profiler (node:inspector, same
 * process) and adds up self time by category (SDK code, openapi-fetch, undici, GC, idle, ...). The
 * profiler slows everything down somewhat, so the absolute figures are inflated; comparing two sides
 * profiled the same way, category by category, shows which part of the stack the difference is in.
 */

import type { Runtime } from 'node:inspector';
import { Session } from 'node:inspector/promises';
import { now } from './clock.js';
import { repoRoot } from './paths.js';

export const CATEGORIES = [
  'SDK code (src/, generated/, dist/)',
  'openapi-fetch',
  'undici: fetch, Request, Response, Headers',
  'web streams (bodies)',
  'AbortSignal, event listeners, timers',
  'other Node internals (net, streams)',
  'native: JSON.stringify / JSON.parse',
  'native: socket I/O, microtasks, builtins',
  'garbage collection',
  'idle (waiting for the server)',
  'bench harness',
] as const;
export type Category = (typeof CATEGORIES)[number];

export function categorize(frame: Runtime.CallFrame): Category {
  const { url, functionName } = frame;
  if (['src', 'generated', 'dist'].some((dir) => url.includes(`${repoRoot}/${dir}/`)))
    return 'SDK code (src/, generated/, dist/)';
  if (url.includes('/openapi-fetch/')) return 'openapi-fetch';
  if (url.includes(`${repoRoot}/bench/`)) return 'bench harness';
  if (url.startsWith('node:internal/deps/undici')) return 'undici: fetch, Request, Response, Headers';
  if (url.startsWith('node:internal/webstreams')) return 'web streams (bodies)';
  if (/^node:(internal\/)?(abort_controller|event_target|worker\/js_transferable|events|timers)/.test(url)) {
    return 'AbortSignal, event listeners, timers';
  }
  if (url.startsWith('node:')) return 'other Node internals (net, streams)';
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (functionName === '(idle)') return 'idle (waiting for the server)';
  if (url === '' && (functionName === 'stringify' || functionName === 'parse'))
    return 'native: JSON.stringify / JSON.parse';
  return 'native: socket I/O, microtasks, builtins';
}

function shortUrl(url: string): string {
  const at = url.indexOf(repoRoot);
  if (at >= 0) return url.slice(at + repoRoot.length + 1);
  const nm = url.lastIndexOf('node_modules/');
  return nm >= 0 ? url.slice(nm + 'node_modules/'.length) : url;
}

export type ProfileResult = {
  /** Wall time of the profiled function (inflated by the profiler). */
  wallMs: number;
  /** Self time per category, in ms. */
  byCategory: Record<Category, number>;
  /** Self time per SDK function (`name (file)`), in ms, largest first. */
  sdkFunctions: [string, number][];
  /** Self time per JavaScript function of any origin (`name (file)`, category), in ms, largest first. */
  functions: [string, Category, number][];
};

export async function profile(fn: () => Promise<void>, samplingIntervalUs = 100): Promise<ProfileResult> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: samplingIntervalUs });
    await session.post('Profiler.start');
    const start = now();
    await fn();
    const wallMs = now() - start;
    const { profile: p } = await session.post('Profiler.stop');
    const nodes = new Map(p.nodes.map((n) => [n.id, n]));
    const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
    const sdk = new Map<string, number>();
    const all = new Map<string, { category: Category; ms: number }>();
    const samples = p.samples ?? [];
    const deltas = p.timeDeltas ?? [];
    for (let i = 0; i < samples.length; i++) {
      const frame = nodes.get(samples[i] as number)?.callFrame;
      if (!frame) continue;
      // timeDeltas[i] is the time since the previous sample: credit it to this sample's frame.
      const spent = (deltas[i] ?? 0) / 1000;
      const category = categorize(frame);
      byCategory[category] += spent;
      // Line numbers are those of tsx's transpiled output, not the source: name and file only.
      const key = `${frame.functionName || '(anonymous)'} (${shortUrl(frame.url)})`;
      if (category === 'SDK code (src/, generated/, dist/)') sdk.set(key, (sdk.get(key) ?? 0) + spent);
      if (frame.url !== '') {
        const entry = all.get(key) ?? { category, ms: 0 };
        entry.ms += spent;
        all.set(key, entry);
      }
    }
    return {
      wallMs,
      byCategory,
      sdkFunctions: [...sdk].sort((a, b) => b[1] - a[1]),
      functions: [...all]
        .map(([k, v]): [string, Category, number] => [k, v.category, v.ms])
        .sort((a, b) => b[2] - a[2]),
    };
  } finally {
    await session.post('Profiler.disable').catch(() => {});
    session.disconnect();
  }
}
