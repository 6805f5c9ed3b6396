/** The Batch contract and Prism's request validation, against a Prism mock of the corrected spec. */
import { describe, expect, inject, it } from 'vitest';
import {
  AuthenticationError,
  createBatchClient,
  isSoracomError,
  SoracomApiError,
  UnprocessableEntityError,
} from '../../src/index.js';
import { describeBatchContract } from './batch-contract.js';

const prism = () => inject('prismUrls').batch as string;
const auth = { apiKey: 'contract-api-key-0001', token: 'contract-token-0001' };

describeBatchContract('Prism mock', { stateful: false, options: () => ({ baseUrl: prism(), auth }) });

describe('Prism mock: validation and security', () => {
  it('rejects a 101-character batchGroupName sent through .raw as a SoracomApiError with status 422', async () => {
    const batch = createBatchClient({ baseUrl: prism(), auth });
    const error = await batch.raw.POST('/batch_groups', { body: { batchGroupName: 'x'.repeat(101) } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SoracomApiError);
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect(isSoracomError(error, SoracomApiError)).toBe(true);
    const apiError = error as SoracomApiError;
    expect(apiError.status).toBe(422);
    expect(apiError.method).toBe('POST');
    expect(apiError.path).toBe('/batch_groups');
    expect(apiError.message).toContain('POST /batch_groups answered 422');
    expect(apiError.message).toContain('batchGroupName must NOT have more than 100 characters');
  });

  it('rejects a call without credentials with 401, as an AuthenticationError that says what to configure', async () => {
    const batch = createBatchClient({ baseUrl: prism() });
    const error = await batch.listBatchGroups().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).status).toBe(401);
    expect((error as Error).message).toContain('GET /batch_groups answered 401');
    expect((error as Error).message).toContain('pass options.auth');
  });

  it('sends both credential headers, and Prism needs both: without the token it answers 401', async () => {
    const seen: Array<string | null> = [];
    const withoutToken: typeof fetch = (input, init) => {
      const request = new Request(input, init);
      seen.push(request.headers.get('X-Soracom-API-Key'), request.headers.get('X-Soracom-Token'));
      const headers = new Headers(request.headers);
      headers.delete('X-Soracom-Token');
      return fetch(new Request(request, { headers }));
    };
    const batch = createBatchClient({ baseUrl: prism(), auth, fetch: withoutToken });
    await expect(batch.getBatchGroup({ batch_group_id: 'g' })).rejects.toMatchObject({ status: 401 });
    expect(seen).toEqual([auth.apiKey, auth.token]);
  });

  it('never puts the API key or token in an error message or its JSON', async () => {
    const batch = createBatchClient({ baseUrl: prism(), auth });
    const error = (await batch.raw
      .POST('/batch_groups', { body: { batchGroupName: 'y'.repeat(101) } })
      .catch((e: unknown) => e)) as SoracomApiError;
    const surfaces = [error.message, JSON.stringify(error), String(error.stack), JSON.stringify(error.headers)];
    for (const text of surfaces) {
      expect(text).not.toContain(auth.apiKey);
      expect(text).not.toContain(auth.token);
    }
  });
});
