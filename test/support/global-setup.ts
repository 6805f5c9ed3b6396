/**
 * Vitest global setup: one Prism mock per corrected spec, on free loopback ports, stopped when the
 * run ends. Tests read the URLs with `inject('prismUrls')`.
 */
import type { TestProject } from 'vitest/node';
import { fromRoot } from '../../scripts/lib/paths.js';
import { type PrismServer, startPrism } from '../../scripts/lib/prism.js';
import { specs } from '../../scripts/lib/specs.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Prism mock base URL per spec name (`batch`, ...). */
    prismUrls: Record<string, string>;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const servers: PrismServer[] = await Promise.all(
    specs.map((spec) => startPrism({ spec: fromRoot('generated', 'openapi', `${spec.name}.yaml`) })),
  );
  project.provide('prismUrls', Object.fromEntries(specs.map((spec, i) => [spec.name, servers[i]!.url])));
  return async () => {
    await Promise.all(servers.map((s) => s.stop()));
  };
}
