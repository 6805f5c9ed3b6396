/**
 * Applies one task's action to the inventory and answers what the called API would answer: 200 with
 * the SIM (or the VPG map entry), 404 for an unknown SIM or VPG, 400 for a body the API refuses.
 * Nothing here throws: every outcome is a task response.
 */
import type { ActionId } from './action-catalog.js';
import { codes } from './error-codes.js';
import type { Inventory, SimRecord } from './inventory.js';
import { toSim } from './inventory.js';
import type { SimStatus } from './options.js';

export type TaskResponse = { statusCode: number; body: Record<string, unknown> };

const fail = (statusCode: number, code: string, message: string): TaskResponse => ({
  statusCode,
  body: { code, message },
});

/** The four state changes and the status each leads to. */
const STATUS_ACTIONS: Partial<Record<ActionId, SimStatus>> = {
  activateSim: 'active',
  deactivateSim: 'inactive',
  setSimToStandby: 'standby',
  suspendSim: 'suspended',
};

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function injected(inventory: Inventory, simId: string): TaskResponse | undefined {
  const status = inventory.failing.get(simId);
  return status === undefined
    ? undefined
    : fail(status, codes.injectedTaskFailure, `Injected failure for SIM ${simId} (failingSims)`);
}

function simAction(inventory: Inventory, action: ActionId, simId: string, body: unknown): TaskResponse {
  const sim = inventory.record(simId);
  if (!sim) return fail(404, codes.simNotFound, `No such SIM: ${simId}`);
  const failure = injected(inventory, simId);
  if (failure) return failure;
  if (sim.status === 'terminated') return fail(400, codes.simTerminated, `SIM ${simId} is terminated`);

  const status = STATUS_ACTIONS[action];
  if (status !== undefined) {
    if (action === 'setSimToStandby' && !sim.supportsStandby) {
      return fail(400, codes.standbyUnsupported, `SIM ${simId} does not support standby`);
    }
    sim.status = status;
    return ok(sim);
  }
  switch (action) {
    case 'setSimGroup': {
      if (!isRecord(body) || typeof body.groupId !== 'string' || body.groupId === '') {
        return fail(400, codes.invalidTaskBody, 'setSimGroup needs a body {"groupId": string}');
      }
      sim.groupId = body.groupId;
      return ok(sim);
    }
    case 'unsetSimGroup':
      sim.groupId = undefined;
      return ok(sim);
    case 'putSimTags': {
      const invalid =
        !Array.isArray(body) ||
        body.length === 0 ||
        body.some(
          (t) => !isRecord(t) || typeof t.tagName !== 'string' || t.tagName === '' || typeof t.tagValue !== 'string',
        );
      if (invalid) {
        return fail(
          400,
          codes.invalidTaskBody,
          'putSimTags needs a non-empty array body [{"tagName": string, "tagValue": string}]',
        );
      }
      // The API adds or updates the given tags and keeps the others.
      for (const tag of body as Array<{ tagName: string; tagValue: string }>) sim.tags[tag.tagName] = tag.tagValue;
      return ok(sim);
    }
    default:
      return fail(400, codes.unsupportedAction, `${action} is not a SIM action`);
  }
}

function ok(sim: SimRecord): TaskResponse {
  return { statusCode: 200, body: toSim(sim) };
}

function vpgAction(inventory: Inventory, vpgId: string, body: unknown): TaskResponse {
  const map = inventory.vpgMap(vpgId);
  if (!map) return fail(404, codes.vpgNotFound, `No such Virtual Private Gateway: ${vpgId}`);
  if (
    !isRecord(body) ||
    typeof body.key !== 'string' ||
    body.key === '' ||
    typeof body.ipAddress !== 'string' ||
    !IPV4.test(body.ipAddress)
  ) {
    return fail(
      400,
      codes.invalidTaskBody,
      'putVirtualPrivateGatewayIpAddressMapEntry needs a body {"key": IMSI, "ipAddress": IPv4 address}',
    );
  }
  // The map is keyed by IMSI; a failing SIM fails its VPG tasks too.
  const sim = inventory.recordByImsi(body.key);
  const failure = sim && injected(inventory, sim.simId);
  if (failure) return failure;
  const entry = { key: body.key, ipAddress: body.ipAddress, type: 'static' };
  map.set(entry.key, entry);
  return { statusCode: 200, body: { ...entry } };
}

export function executeAction(
  inventory: Inventory,
  action: ActionId,
  params: Record<string, string>,
  body: unknown,
): TaskResponse {
  if (action === 'putVirtualPrivateGatewayIpAddressMapEntry')
    return vpgAction(inventory, params.vpg_id as string, body);
  return simAction(inventory, action, params.sim_id as string, body);
}
