/**
 * The job helpers as the client carries them: `failedTasks` is a plain list call, the others load the
 * job code (waiting, chunking, resuming) on first use, so a client that never runs jobs does not load it.
 */
import type { JobMethods } from './job-methods.js';
import { failedTasks } from './list-failed-tasks.js';
import type { JobsApi } from './run-tasks.js';

export function lazyJobMethods(api: JobsApi): JobMethods {
  let loading: Promise<JobMethods> | undefined;
  const load = () => (loading ??= import('./job-methods.js').then((m) => m.createJobMethods(api)));
  return {
    waitForJob: async (ref, options) => (await load()).waitForJob(ref, options),
    runTasks: async (params) => (await load()).runTasks(params),
    retryFailed: async (params) => (await load()).retryFailed(params),
    failedTasks: (ref, options) => failedTasks(api, ref, options),
  };
}
