/** `emulator.clientOptions` and `emulator.apiToken` type-check as a client's options, with no optional parts. */
import { describe, expectTypeOf, it } from 'vitest';
import { type ApiKeyCredentials, type BatchClientOptions, createBatchClient } from '../../src/index.js';
import type { BatchEmulator, EmulatorLogin } from '../../src/testing/index.js';

declare const emulator: BatchEmulator;

describe('emulator types', () => {
  it('clientOptions is accepted by createBatchClient as it is', () => {
    expectTypeOf(emulator.clientOptions).toExtend<BatchClientOptions>();
    expectTypeOf(createBatchClient).toBeCallableWith(emulator.clientOptions);
  });

  it('clientOptions, apiToken and credentials have no optional parts', () => {
    expectTypeOf(emulator.clientOptions).toEqualTypeOf<{
      baseUrl: string;
      auth: { authKeyId: string; authKey: string };
    }>();
    expectTypeOf(emulator.apiToken).toEqualTypeOf<{ apiKey: string; token: string }>();
    expectTypeOf(emulator.apiToken).toExtend<ApiKeyCredentials>();
    expectTypeOf<EmulatorLogin>().toEqualTypeOf<{
      operatorId: string;
      authKeyId: string;
      authKey: string;
      apiKey: string;
      token: string;
    }>();
  });
});
