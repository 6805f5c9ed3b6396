/**
 * A real browser: Debian's Chromium driven by playwright-core (no browser download), loading a page
 * from a loopback server on one origin that runs the scenario against the emulator on another, so
 * every call is a CORS request.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Outcome } from './scenario-check.js';

export const CHROMIUM = '/usr/bin/chromium';

// Without the background-networking flags Chromium opens connections of its own at start (updates,
// sync, field trials), which a closed network refuses; a new empty profile keeps runs independent.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8' };

export async function runInBrowser(
  pageDir: string,
  profileParent: string,
  baseUrl: string,
  hiddenCursorUrl: string,
): Promise<Outcome> {
  const server = createServer((request, response) => {
    const file = (request.url ?? '/').split('?')[0]!.replace(/^\/+/, '') || 'index.html';
    const type = TYPES[file.split('.').pop() ?? ''];
    if (!type || file.includes('..')) {
      response.writeHead(404).end();
      return;
    }
    try {
      const body = readFileSync(join(pageDir, file));
      response.writeHead(200, { 'content-type': type }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/index.html`;
  const lines: string[] = [];
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(mkdtempSync(join(profileParent, 'chromium-profile-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    // A blocked CORS request reaches the page only as "TypeError: Failed to fetch"; the reason is
    // in the browser's console, which a failure message then shows.
    page.on('console', (message) => lines.push(`console.${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => lines.push(`page error: ${error.message}`));
    await page.goto(pageUrl);
    await page.waitForFunction(() => typeof (globalThis as any).runRuntimeScenario === 'function', undefined, {
      timeout: 10_000,
    });
    const result = await page.evaluate(([url, hidden]) => (globalThis as any).runRuntimeScenario(url, hidden), [
      baseUrl,
      hiddenCursorUrl,
    ] as const);
    const userAgent = await page.evaluate(() => navigator.userAgent);
    return { result, log: [`${userAgent}, page ${pageUrl}`, ...lines].join('\n') };
  } catch (error) {
    return { log: [`${(error as Error).message}`, ...lines].join('\n') };
  } finally {
    await context.close();
    await new Promise((resolve) => server.close(resolve));
  }
}
