/** The logger and logLevel options, SORACOM_LOG, and what each level shows. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBatchClient } from '../../src/index.js';
import { captureLogger } from './capture-logger.js';
import { json, type ScriptedServer, startScriptedServer } from './scripted-server.js';

const auth = { apiKey: 'logging-test-api-key', token: 'logging-test-token' };
const GROUPS = '/v1/batch_groups';

let server: ScriptedServer;
beforeEach(async () => {
  server = await startScriptedServer();
  script();
});

/** One 503, then 200: a retry to log. */
function script() {
  server.route('GET', GROUPS, json(503, {}, { 'retry-after': '0' }), json(200, []));
}
afterEach(async () => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await server.close();
});

async function linesAt(level: 'off' | 'error' | 'warn' | 'info' | 'debug' | undefined) {
  script();
  const log = captureLogger();
  const batch = createBatchClient({
    baseUrl: server.baseUrl,
    auth,
    logger: log.logger,
    ...(level ? { logLevel: level } : {}),
  });
  await batch.listBatchGroups();
  return log.lines;
}

describe('log levels', () => {
  it('debug shows every attempt and the retry; info only the retry; warn (the default) nothing here', async () => {
    const debug = await linesAt('debug');
    expect(debug.map((l) => l.level)).toEqual(['debug', 'info', 'debug']);
    expect((await linesAt('info')).map((l) => l.level)).toEqual(['info']);
    expect(await linesAt('warn')).toEqual([]);
    expect(await linesAt(undefined)).toEqual([]);
    expect(await linesAt('off')).toEqual([]);
  });

  it('reads SORACOM_LOG when logLevel is not given, and the option wins over it', async () => {
    vi.stubEnv('SORACOM_LOG', 'debug');
    expect((await linesAt(undefined)).length).toBe(3);
    expect(await linesAt('off')).toEqual([]);
  });

  it('warns once about an unknown SORACOM_LOG value and keeps the default', async () => {
    vi.stubEnv('SORACOM_LOG', 'loud');
    const lines = await linesAt(undefined);
    expect(lines).toEqual([
      {
        level: 'warn',
        message: expect.stringContaining('SORACOM_LOG="loud" is not one of off, error, warn, info, debug'),
      },
    ]);
  });

  it('logs to console by default', async () => {
    const spy = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const batch = createBatchClient({ baseUrl: server.baseUrl, auth, logLevel: 'info' });
    await batch.listBatchGroups();
    expect(spy).toHaveBeenCalledWith(
      expect.stringContaining('[soracom-batch] GET /v1/batch_groups got status 503; retrying in'),
    );
  });

  it('never lets a throwing logger break a call', async () => {
    const throwing = {
      debug: () => {
        throw new Error('x');
      },
      info: () => {
        throw new Error('x');
      },
      warn: () => undefined,
      error: () => undefined,
    };
    const batch = createBatchClient({ baseUrl: server.baseUrl, auth, logger: throwing, logLevel: 'debug' });
    await expect(batch.listBatchGroups()).resolves.toEqual([]);
  });
});
