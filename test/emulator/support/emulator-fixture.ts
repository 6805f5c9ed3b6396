/** Starts emulators for a test file and closes them after each test. */
import { afterEach } from 'vitest';
import { type BatchEmulator, type BatchEmulatorOptions, startBatchEmulator } from '../../../src/testing/index.js';
import { type Api, api, demoAuth } from './emulator-http.js';

export type Started = { emulator: BatchEmulator; call: Api };

export function useEmulators(): (options?: BatchEmulatorOptions) => Promise<Started> {
  const started: BatchEmulator[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((e) => e.close()));
  });
  return async (options) => {
    const emulator = await startBatchEmulator(options);
    started.push(emulator);
    return { emulator, call: api(emulator.baseUrl, demoAuth(emulator)) };
  };
}
