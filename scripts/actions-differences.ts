/**
 * THE one place where openapi/actions.yaml departs, on purpose, from Soracom's full API description.
 *
 * `npm run spec:update` compares actions.yaml with the official operations of the same operationId
 * (scripts/lib/actions-diff.ts). A difference listed here is reported as deliberate, with its reason;
 * any other is reported for review (change actions.yaml, or list it here with a reason). An entry that
 * no longer matches a difference is reported as stale, so entries are removed once the two agree.
 * `key` is the difference's key as the report prints it.
 */
export type DeliberateDifference = {
  /** `<operationId>|<where>[|<what>]`, as printed in the report. */
  key: string;
  /** Why actions.yaml says otherwise, citing what a reader can open. */
  why: string;
};

const SIM_ID_BODY =
  'The Batch API documents its example task (openapi/batch.yaml, CreateBatchJobRequest.tasks) as a POST to ' +
  '/v1/sims/{sim_id}/activate with the body {"sim_id": "..."}; the task builders (src/tasks) follow that example ' +
  'for the five SIM state and group operations, so actions.yaml describes that body as optional (the target API ' +
  'ignores it) and the Prism mock of actions.yaml accepts it.';

export const deliberateActionDifferences: DeliberateDifference[] = [
  ...['activateSim', 'deactivateSim', 'setSimToStandby', 'suspendSim', 'unsetSimGroup'].map((id) => ({
    key: `${id}|body`,
    why: SIM_ID_BODY,
  })),
  {
    key: 'setSimGroup|body.groupId|required',
    why:
      'A set_group call without a group ID names no group to put the SIM in. tasks.setSimGroup(simId, groupId) ' +
      'always sends it, and actions.yaml requires it so that the Prism mock refuses a task body without it.',
  },
];
