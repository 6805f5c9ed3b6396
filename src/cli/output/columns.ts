/** The columns shown first in CSV and table output for each kind of item, in the order people read them. */
export const GROUP_COLUMNS = ['batchGroupId', 'batchGroupName', 'description', 'createdTime', 'updatedTime'] as const;

export const JOB_COLUMNS = [
  'jobId',
  'jobName',
  'status',
  'summary.pending',
  'summary.success',
  'summary.error',
  'abortOnFailure',
  'createdTime',
  'finishedTime',
  'batchGroupId',
  'description',
  'errorMessage',
] as const;

export const TASK_COLUMNS = [
  'taskId',
  'status',
  'request.method',
  'request.path',
  'request.body',
  'response.statusCode',
  'response.body.code',
  'response.body.message',
  'startedTime',
  'finishedTime',
] as const;

/** The rows of a run report (its jobs). */
export const RUN_JOB_COLUMNS = [
  'chunk',
  'jobId',
  'jobName',
  'status',
  'tasks',
  'succeeded',
  'failed',
  'notRun',
] as const;
