/**
 * The emulator's control paths, beside the API and outside `/v1` so that no Soracom path can ever
 * collide with one: what a test or a shell needs from a running emulator that the API does not offer.
 * `GET /_emulator/sims` lists the inventory (the SIMs, as `emulator.state.sims()` gives them), so a
 * script or `soracom-batch emulator sims` can write the input of a run instead of rebuilding SIM IDs.
 * No credentials: the inventory is made up, and reading it changes nothing. Control requests take no
 * latency, use up no fault and are not in the request log, which records the API's traffic.
 */
import { codes } from './faults.js';
import type { Reply } from './http-server.js';
import type { Inventory } from './inventory.js';

/** The prefix of the control paths. */
export const CONTROL_PREFIX = '/_emulator';

/** The answer to a control path, or undefined when the path is not one (an API request). */
export type ControlHandler = (method: string, pathname: string) => Reply | undefined;

export function createControlHandler(inventory: Inventory): ControlHandler {
  const paths: Record<string, () => Reply> = {
    [`${CONTROL_PREFIX}/sims`]: () => ({ status: 200, body: inventory.allSims() }),
  };
  return (method, pathname) => {
    if (pathname !== CONTROL_PREFIX && !pathname.startsWith(`${CONTROL_PREFIX}/`)) return undefined;
    const handler = paths[pathname];
    if (!handler) {
      const known = Object.keys(paths).join(', ');
      return {
        status: 404,
        body: { code: codes.routeNotFound, message: `No such control path: ${pathname} (there is ${known})` },
      };
    }
    if (method !== 'GET') {
      return {
        status: 405,
        headers: { allow: 'GET' },
        body: { code: codes.methodNotAllowed, message: `${method} is not allowed on ${pathname}` },
      };
    }
    return handler();
  };
}
