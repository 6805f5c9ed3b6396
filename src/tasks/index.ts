/**
 * Task builders and job guards (issue 4): the `tasks` object, the task types, and the helpers the
 * guards use, for the package entry to re-export.
 */
import {
  activateSim,
  deactivateSim,
  putSimTags,
  putVirtualPrivateGatewayIpAddressMapEntry,
  setSimGroup,
  setSimToStandby,
  suspendSim,
  unsetSimGroup,
} from './builders.js';
import { many } from './many.js';

/** One builder per action a Batch task may call, named after the target operationId, plus `many`. */
export const tasks = /* @__PURE__ */ Object.freeze({
  activateSim,
  deactivateSim,
  setSimToStandby,
  suspendSim,
  setSimGroup,
  unsetSimGroup,
  putSimTags,
  putVirtualPrivateGatewayIpAddressMapEntry,
  many,
});

export type { IpAddressMapEntryInput } from './builders.js';
export { batchLimits } from './job-limits.js';
export type { SharedArgs, SimAction } from './many.js';
export type { TagsInput, TagUpdate } from './normalize-tags.js';
export { recognizeTaskAction } from './recognize-action.js';
export { isTaskAction, type TaskAction, taskActions } from './task-action.js';
export type { JobTasks, PlainTask, Task, TaskBody, TaskList, TaskMethod, TaskPath, TaskRequest } from './task-types.js';
