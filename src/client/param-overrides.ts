/**
 * Parameter types that are stricter than what openapi-typescript derives from the spec, keyed by
 * operationId (e.g. a createBatchJob body whose tasks all call the same action). An operation not
 * listed here takes the generated types as they are.
 */
import type { components } from '../../generated/batch.js';
import type { JobTasks } from '../tasks/task-types.js';
import type { SpecOperationParams } from './operation-types.js';

export type ParamOverrides = {
  /**
   * `body.tasks` may not mix tasks built for two different actions (the API runs one action per job
   * and answers 400 otherwise). Plain `{ request }` objects, which carry no action the compiler can
   * see, are accepted as before and checked at run time by the job guard (request-guards.ts).
   */
  createBatchJob: Omit<SpecOperationParams<'createBatchJob'>, 'body'> & {
    body: Omit<components['schemas']['CreateBatchJobRequest'], 'tasks'> & { tasks: JobTasks };
  };
};
