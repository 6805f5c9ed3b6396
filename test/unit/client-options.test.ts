/** Client options are checked once, with errors that name the option and the fix. */
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { batchOperations } from '../../generated/batch-operations.js';
import { fromRoot } from '../../scripts/lib/paths.js';
import { BatchValidationError, createBatchClient, SDK_VERSION } from '../../src/index.js';

/** A fetch that records the requests it gets and answers 200 []. */
function recordingFetch() {
  const requests: Request[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    requests.push(new Request(input, init));
    return new Response('[]', { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return { requests, fetchImpl };
}

function optionError(options: unknown): BatchValidationError {
  try {
    createBatchClient(options as never);
  } catch (error) {
    expect(error).toBeInstanceOf(BatchValidationError);
    return error as BatchValidationError;
  }
  throw new Error('expected createBatchClient to throw');
}

describe('coverage and base URL', () => {
  it('defaults to the Japan coverage server of the spec', () => {
    expect(createBatchClient().baseUrl).toBe('https://api.soracom.io/v1');
  });

  it('picks the global server for coverage g, and the sandbox beside either', () => {
    expect(createBatchClient({ coverage: 'g' }).baseUrl).toBe('https://g.api.soracom.io/v1');
    expect(createBatchClient({ sandbox: true }).baseUrl).toBe('https://api-sandbox.soracom.io/v1');
    expect(createBatchClient({ coverage: 'g', sandbox: true }).baseUrl).toBe('https://g.api-sandbox.soracom.io/v1');
  });

  it('lets baseUrl override coverage, without a trailing slash', () => {
    expect(createBatchClient({ coverage: 'g', baseUrl: 'http://127.0.0.1:4010/' }).baseUrl).toBe(
      'http://127.0.0.1:4010',
    );
  });

  it('sends requests to the base URL', async () => {
    const { requests, fetchImpl } = recordingFetch();
    const batch = createBatchClient({
      baseUrl: 'http://127.0.0.1:9/v1',
      fetch: fetchImpl,
      auth: { apiKey: 'key-1', token: 'tok-1' },
    });
    await batch.listBatchJobs({ batch_group_id: 'g 1/2', limit: 5 });
    expect(requests[0]?.url).toBe('http://127.0.0.1:9/v1/batch_groups/g%201%2F2/jobs?limit=5');
  });
});

describe('an explicit undefined is an option left out', () => {
  it('for the client, a call, a list call and its parameters (what exactOptionalPropertyTypes code passes)', async () => {
    const { requests, fetchImpl } = recordingFetch();
    const batch = createBatchClient({
      baseUrl: 'http://127.0.0.1:9/v1',
      fetch: fetchImpl,
      auth: {
        authKeyId: undefined,
        authKey: undefined,
        apiKey: 'key-1',
        token: 'tok-1',
        mfaOTPCode: undefined,
      } as never,
      coverage: undefined,
      sandbox: undefined,
      allowInsecureHttp: undefined,
      headers: undefined,
      lang: undefined,
      userAgent: undefined,
      maxRetries: undefined,
      maxRetryDelayMs: undefined,
      timeoutMs: undefined,
      logger: undefined,
      logLevel: undefined,
    });
    await batch.listBatchJobs(
      { batch_group_id: 'g', limit: undefined, last_evaluated_key: undefined },
      { signal: undefined, maxItems: undefined, prefetch: undefined, timeoutMs: undefined, headers: undefined },
    );
    expect(requests[0]?.url).toBe('http://127.0.0.1:9/v1/batch_groups/g/jobs');
    expect(requests[0]?.headers.get('x-soracom-api-key')).toBe('key-1');
  });
});

describe('credentials over plain http', () => {
  const authKey = { authKeyId: 'keyId-http-0001', authKey: 'secret-http-0001' };

  it('refuses http to another machine with credentials, naming baseUrl, the fix and the opt-in', () => {
    for (const auth of [authKey, { apiKey: 'key-1', token: 'tok-1' }]) {
      const error = optionError({ baseUrl: 'http://api.example.com:8080/v1', auth });
      expect(error.argument).toBe('options.baseUrl');
      expect(error.message).toContain('options.baseUrl must use https to send credentials to another machine');
      expect(error.message).toContain('got http://api.example.com:8080');
      expect(error.message).toContain('allowInsecureHttp: true');
      expect(error.message).not.toContain(authKey.authKey);
    }
  });

  it('allows it when asked (allowInsecureHttp), and always for this machine, https, or no credentials', () => {
    const insecure = 'http://api.example.com/v1';
    expect(createBatchClient({ baseUrl: insecure, auth: authKey, allowInsecureHttp: true }).baseUrl).toBe(insecure);
    for (const baseUrl of [
      'http://127.0.0.1:8080/v1',
      'http://127.1.2.3/v1',
      'http://localhost:8080/v1',
      'http://emulator.localhost/v1',
      'http://[::1]:8080/v1',
      'https://api.example.com/v1',
    ]) {
      expect(createBatchClient({ baseUrl, auth: authKey }).baseUrl, baseUrl).toBe(baseUrl);
    }
    expect(createBatchClient({ baseUrl: insecure }).baseUrl).toBe(insecure);
  });

  it('checks allowInsecureHttp is a boolean', () => {
    expect(optionError({ allowInsecureHttp: 'yes' }).message).toContain('options.allowInsecureHttp must be a boolean');
  });
});

describe('headers', () => {
  it('sends credentials, X-Soracom-Lang, User-Agent and custom headers; Content-Type only with a body', async () => {
    const { requests, fetchImpl } = recordingFetch();
    const batch = createBatchClient({
      baseUrl: 'http://127.0.0.1:9/v1',
      fetch: fetchImpl,
      auth: { apiKey: 'key-1', token: 'tok-1' },
      lang: 'ja',
      headers: { 'X-Trace': 'abc' },
      userAgent: 'my-app/1.2',
    });
    await batch.listBatchGroups();
    const sent = requests[0] as Request;
    expect(sent.headers.get('X-Soracom-API-Key')).toBe('key-1');
    expect(sent.headers.get('X-Soracom-Token')).toBe('tok-1');
    expect(sent.headers.get('X-Soracom-Lang')).toBe('ja');
    expect(sent.headers.get('X-Trace')).toBe('abc');
    expect(sent.headers.get('User-Agent')).toMatch(new RegExp(`^soracom-batch/${SDK_VERSION} \\(.+\\) my-app/1\\.2$`));
    expect(sent.headers.get('Content-Type')).toBeNull();
    await batch.createBatchGroup({ body: { batchGroupName: 'x' } });
    expect(requests[1]?.headers.get('Content-Type')).toBe('application/json');
  });

  it('keeps SDK_VERSION equal to package.json', () => {
    expect(SDK_VERSION).toBe(JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')).version);
  });
});

describe('option errors name the option and the fix', () => {
  it.each([
    [{ coverage: 'us' }, 'options.coverage', "must be 'jp' or 'g'"],
    [{ baseUrl: 'api.soracom.io' }, 'options.baseUrl', 'must be an absolute URL'],
    [{ baseUrl: 'ftp://x' }, 'options.baseUrl', 'must use http or https'],
    [{ fetch: 'nope' }, 'options.fetch', 'must be a function'],
    [{ headers: { 'X-Soracom-Token': 'x' } }, 'options.headers.X-Soracom-Token', 'must not carry credentials'],
    [{ headers: { 'X-A': 1 } }, 'options.headers.X-A', 'must be a string'],
    [{ lang: 'fr' }, 'options.lang', "must be 'en' or 'ja'"],
    [{ sandbox: 'yes' }, 'options.sandbox', 'must be a boolean'],
    [{ covrage: 'g' }, 'options.covrage', 'is not a known option'],
  ])('%o → %s', (options, argument, rule) => {
    const error = optionError(options);
    expect(error.argument).toBe(argument);
    expect(error.message).toContain(rule);
  });

  it('never echoes a credential value in an auth error', () => {
    const error = optionError({ auth: { apiKey: 'secret-key-value', token: '' } });
    expect(error.argument).toBe('options.auth.token');
    expect(error.message).not.toContain('secret-key-value');
  });
});

describe('the client does not reveal credentials', () => {
  it('in util.inspect or JSON.stringify', () => {
    const batch = createBatchClient({ auth: { apiKey: 'inspect-key-123', token: 'inspect-token-456' } });
    for (const text of [inspect(batch, { depth: 5, showHidden: true }), JSON.stringify(batch)]) {
      expect(text).not.toContain('inspect-key-123');
      expect(text).not.toContain('inspect-token-456');
      expect(text).toContain('https://api.soracom.io/v1');
    }
  });
});

describe('parameters are checked for untyped callers before anything is sent', () => {
  it.each([
    [{ batch_group_id: 'g', jobId: 'j' }, 'getBatchJob.jobId', 'is not a parameter'],
    [{ batch_group_id: 'g' }, 'getBatchJob.job_id', 'is required'],
    [{ batch_group_id: ' ', job_id: 'j' }, 'getBatchJob.batch_group_id', 'must not be empty'],
    [{ batch_group_id: 7, job_id: 'j' }, 'getBatchJob.batch_group_id', 'must be a string'],
    [{ batch_group_id: 'g', job_id: 'j', signal: AbortSignal.abort() }, 'getBatchJob.signal', 'second argument'],
  ])('%o → %s', async (params, argument, text) => {
    const { requests, fetchImpl } = recordingFetch();
    const batch = createBatchClient({ baseUrl: 'http://127.0.0.1:9', fetch: fetchImpl });
    const error = await batch.getBatchJob(params as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchValidationError);
    expect((error as BatchValidationError).argument).toBe(argument);
    expect((error as Error).message).toContain(text);
    expect(requests).toHaveLength(0);
  });

  it('checks enums and integers of query parameters', async () => {
    const { requests, fetchImpl } = recordingFetch();
    const batch = createBatchClient({ baseUrl: 'http://127.0.0.1:9', fetch: fetchImpl });
    await expect(
      batch.listTasksOfBatchJob({ batch_group_id: 'g', job_id: 'j', status: 'failed' as never }),
    ).rejects.toThrow('must be one of pending, success, error');
    await expect(batch.listBatchGroups({ limit: 1.5 })).rejects.toThrow('listBatchGroups.limit must be an integer');
    expect(requests).toHaveLength(0);
  });
});

describe('unknown body fields are refused for untyped callers before anything is sent', () => {
  const client = () => {
    const { requests, fetchImpl } = recordingFetch();
    return { requests, batch: createBatchClient({ baseUrl: 'http://127.0.0.1:9', fetch: fetchImpl }) };
  };
  const refusal = async (call: Promise<unknown>) => {
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchValidationError);
    return error as BatchValidationError;
  };

  it('names the operation, the field and the schema, and lists the fields the spec has', async () => {
    const { requests, batch } = client();
    const error = await refusal(batch.createBatchGroup({ body: { batchGroupName: 'x', colour: 'red' } } as never));
    expect(error.argument).toBe('createBatchGroup.body.colour');
    expect(error.message).toBe(
      'createBatchGroup.body.colour is not a field of CreateBatchGroupRequest; its fields are batchGroupName, description',
    );
    expect(requests).toHaveLength(0);
  });

  it.each([
    [
      'updateBatchGroup',
      { batch_group_id: 'g', body: { name: 'x' } },
      'updateBatchGroup.body.name',
      'UpdateBatchGroupRequest',
    ],
    [
      'createBatchJob',
      { batch_group_id: 'g', body: { tasks: [], abortOnError: true } },
      'createBatchJob.body.abortOnError',
      'CreateBatchJobRequest',
    ],
  ] as const)('%s refuses an unknown top-level field', async (operation, params, argument, schema) => {
    const { requests, batch } = client();
    const error = await refusal((batch[operation] as (p: unknown) => Promise<unknown>)(params));
    expect(error.argument).toBe(argument);
    expect(error.rule).toBe(`is not a field of ${schema}`);
    expect(requests).toHaveLength(0);
  });

  it("takes every field of the spec's body, leaves task bodies to the job guard, and skips undefined values", async () => {
    const { requests, batch } = client();
    const sent = (call: Promise<unknown>) => call.catch((e: unknown) => e);
    // Each reaches fetch (which fails: nothing listens on port 9), so none was refused by the check.
    await sent(batch.createBatchGroup({ body: { batchGroupName: 'x', description: 'd' } }));
    await sent(batch.updateBatchGroup({ batch_group_id: 'g', body: { description: undefined } as never }));
    await sent(
      batch.createBatchJob({
        batch_group_id: 'g',
        body: {
          jobName: 'j',
          description: 'd',
          abortOnFailure: true,
          tasks: [
            {
              request: {
                path: '/v1/sims/8981100001234567890/set_group',
                method: 'POST',
                body: { groupId: 'g', extra: 1 },
              },
            },
          ],
        },
      }),
    );
    expect(requests).toHaveLength(3);
  });

  it('refuses an array where the spec has an object body', async () => {
    const { batch } = client();
    const error = await refusal(batch.createBatchGroup({ body: [] } as never));
    expect(error.message).toBe('createBatchGroup.body must be a JSON object (got an array)');
  });

  it('reads the fields from the generated table, which reads them from the spec', () => {
    expect(batchOperations.createBatchGroup.bodyFields).toEqual(['batchGroupName', 'description']);
    expect(batchOperations.createBatchJob.bodyFields).toEqual(['abortOnFailure', 'description', 'jobName', 'tasks']);
    expect(batchOperations.getBatchGroup.bodyFields).toBeNull();
  });
});
