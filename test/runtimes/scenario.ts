/**
 * The one scenario every runtime of the matrix runs against the emulator, on the packed package.
 *
 * It takes the SDK module as its runtime loaded it (ESM `import`, CommonJS `require`, a bundle) and
 * imports nothing itself, so the same code runs in Node, Jest, Bun, Deno, workerd and a browser: the
 * harness (`runtimes.test.ts`) compiles it to `scenario.mjs` and `scenario.cjs` with esbuild. It sends
 * with the runtime's own `fetch` (the client gets no `fetch` option) and never throws: each step
 * reports pass or fail with the error it met, and a step whose input an earlier step failed to
 * produce reports that instead of running.
 */
import type * as Sdk from 'soracom-batch';

export type StepResult = { step: string; ok: boolean; detail: string };
export type ScenarioResult = { runtime: string; steps: StepResult[] };
export type ScenarioInput = {
  baseUrl: string;
  runtime: string;
  /**
   * Browser only: an emulator whose CORS setup hides `x-soracom-next-key` (only a cross-origin response
   * in a browser hides headers). A walk there must be refused, never end with a partial list.
   */
  hiddenCursorUrl?: string;
};

/** The emulator's demo AuthKey (`DEMO_CREDENTIALS` of `soracom-batch/testing`, which is Node-only). */
export const AUTH_KEY = { authKeyId: 'keyId-emulator-demo', authKey: 'secret-emulator-demo' };
export const SIM_COUNT = 25;
export const PAGE_LIMIT = 10;
/** What a walk of 25 tasks with `limit: 10` must see: three pages, the last one short. */
export const EXPECTED_PAGE_SIZES = [10, 10, 5];
/** A printed result line starts with this, so a runtime's other output cannot be mistaken for it. */
export const RESULT_MARKER = 'RUNTIME_SCENARIO_RESULT ';

/** `simIds(n)` of `soracom-batch/testing`: 8981100000000000000 + i, the SIMs the emulator is seeded with. */
const simIds = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => `898110000${String(i).padStart(10, '0')}`);

/** Name, message and cause; read as plain fields, since Jest's errors come from another realm (not `instanceof Error`). */
function describeError(error: unknown): string {
  const describeOne = (value: unknown): string => {
    const { name, message } = (value ?? {}) as { name?: unknown; message?: unknown };
    return typeof message === 'string' ? `${String(name ?? 'Error')}: ${message}` : `threw ${String(value)}`;
  };
  const { cause } = (error ?? {}) as { cause?: unknown };
  return `${describeOne(error)}${cause === undefined ? '' : ` (cause: ${describeOne(cause)})`}`;
}

export async function runScenario(sdk: typeof Sdk, input: ScenarioInput): Promise<ScenarioResult> {
  const steps: StepResult[] = [];
  const step = async (name: string, body: () => Promise<string>): Promise<boolean> => {
    try {
      steps.push({ step: name, ok: true, detail: await body() });
      return true;
    } catch (error) {
      steps.push({ step: name, ok: false, detail: describeError(error) });
      return false;
    }
  };
  const notRun = (name: string, missing: string) =>
    steps.push({ step: name, ok: false, detail: `not run: ${missing} failed` });
  const check = (condition: boolean, message: string) => {
    if (!condition) throw new Error(message);
  };

  // One retry, soon: a runtime that cannot reach the emulator at all (CORS, permissions) fails in
  // well under a second instead of backing off through the default five attempts.
  const batch = sdk.createBatchClient({ baseUrl: input.baseUrl, auth: AUTH_KEY, maxRetries: 1, maxRetryDelayMs: 50 });
  let groupId = '';
  let jobId = '';

  const loggedIn = await step('log in with the AuthKey (POST /v1/auth) on the first call', async () => {
    const groups = await batch.listBatchGroups();
    check(Array.isArray(groups), `listBatchGroups resolved to ${typeof groups}, not an array`);
    return `listBatchGroups answered ${groups.length} groups`;
  });

  const created =
    loggedIn &&
    (await step('create a batch group', async () => {
      const group = await batch.createBatchGroup({ body: { batchGroupName: `runtime ${input.runtime}` } });
      groupId = group.batchGroupId;
      check(groupId !== '', 'the answer has no batchGroupId');
      return `group ${groupId}`;
    }));
  if (!loggedIn) notRun('create a batch group', 'log in');

  const submitted =
    created &&
    (await step(`create a job of tasks.putSimTags for ${SIM_COUNT} SIMs`, async () => {
      const jobTasks = simIds(SIM_COUNT).map((simId) => sdk.tasks.putSimTags(simId, { runtime: input.runtime }));
      const job = await batch.createBatchJob({
        batch_group_id: groupId,
        body: { jobName: `putSimTags on ${input.runtime}`, tasks: jobTasks },
      });
      jobId = job.jobId;
      check(jobId !== '', 'the answer has no jobId');
      return `job ${jobId}, ${job.status}`;
    }));
  if (!created) notRun(`create a job of tasks.putSimTags for ${SIM_COUNT} SIMs`, 'create a batch group');

  const finished =
    submitted &&
    (await step('waitForJob until the job completes', async () => {
      const job = await sdk.waitForJob(
        batch,
        { batch_group_id: groupId, job_id: jobId },
        { minDelayMs: 10, maxDelayMs: 100, maxWaitMs: 15_000 },
      );
      check(job.status === 'completed', `status ${job.status}`);
      check(job.summary?.success === SIM_COUNT, `summary ${JSON.stringify(job.summary)}`);
      return `completed, ${job.summary?.success} succeeded`;
    }));
  if (!submitted) notRun('waitForJob until the job completes', 'create a job');

  if (finished) {
    await step(`for await over listTasksOfBatchJob items (limit ${PAGE_LIMIT})`, async () => {
      const seen = new Set<string>();
      let failed = 0;
      for await (const task of batch.listTasksOfBatchJob({
        batch_group_id: groupId,
        job_id: jobId,
        limit: PAGE_LIMIT,
      })) {
        seen.add(task.request.path);
        if (task.status !== 'success') failed += 1;
      }
      // Fewer than 25 items is what a browser shows when x-soracom-next-key is not exposed by CORS:
      // the walk sees no next key and stops after the first page.
      check(seen.size === SIM_COUNT, `saw ${seen.size} distinct tasks, expected ${SIM_COUNT}`);
      check(failed === 0, `${failed} tasks are not 'success'`);
      return `${seen.size} tasks, all success`;
    });
    await step(`for await over listTasksOfBatchJob pages (limit ${PAGE_LIMIT})`, async () => {
      const sizes: number[] = [];
      const walk = batch.listTasksOfBatchJob({ batch_group_id: groupId, job_id: jobId, limit: PAGE_LIMIT });
      for await (const page of walk.pages()) sizes.push(page.items.length);
      check(
        JSON.stringify(sizes) === JSON.stringify(EXPECTED_PAGE_SIZES),
        `page sizes ${JSON.stringify(sizes)}, expected ${JSON.stringify(EXPECTED_PAGE_SIZES)}`,
      );
      return `pages of ${sizes.join(', ')}`;
    });
  } else {
    notRun(`for await over listTasksOfBatchJob items (limit ${PAGE_LIMIT})`, 'waitForJob');
    notRun(`for await over listTasksOfBatchJob pages (limit ${PAGE_LIMIT})`, 'waitForJob');
  }

  await step('getBatchGroup of a missing id throws NotFoundError (404)', async () => {
    const error: unknown = await batch.getBatchGroup({ batch_group_id: 'no-such-group' }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    check(error !== undefined, 'the call resolved');
    const { name, status } = error as { name?: unknown; status?: unknown };
    check(name === 'NotFoundError' && status === 404, `got ${describeError(error)} (status ${String(status)})`);
    check(error instanceof sdk.NotFoundError, 'the error is not an instance of the exported NotFoundError');
    return `${name}, status ${status}`;
  });

  const { hiddenCursorUrl } = input;
  if (hiddenCursorUrl !== undefined) {
    await step('a walk whose next key CORS hides is refused, naming Access-Control-Expose-Headers', async () => {
      const hidden = sdk.createBatchClient({ baseUrl: hiddenCursorUrl, auth: AUTH_KEY, maxRetries: 0 });
      for (const name of ['first', 'second']) await hidden.createBatchGroup({ body: { batchGroupName: name } });
      const error: unknown = await hidden
        .listBatchGroups({ limit: 1 })
        .toArray()
        .then(
          (items) => new Error(`the walk resolved with ${items.length} of 2 groups`),
          (caught: unknown) => caught,
        );
      const { name, message } = error as { name?: unknown; message?: unknown };
      check(
        name === 'UnexpectedResponseError' && String(message).includes('Access-Control-Expose-Headers'),
        `got ${describeError(error)}`,
      );
      return `${name}: ${String(message).slice(0, 120)}...`;
    });
  }

  return { runtime: input.runtime, steps };
}
