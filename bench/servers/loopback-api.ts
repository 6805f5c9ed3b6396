/**
 * The loopback server the client method and the raw `fetch` are measured against: it answers the
 * three Batch requests the benchmarks send (getBatchGroup, listBatchGroups, listTasksOfBatchJob),
 * shaped as the spec describes them, and checks the credentials headers so both sides must send the
 * same request to be answered.
 *
 * Task pages are generated on the fly from the key (`last_evaluated_key` is the last task ID of the
 * previous page, as in the emulator): the server holds no task list, so 100,000 tasks cost it nothing
 * in memory and each page costs the same to produce.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const BENCH_CREDENTIALS = { apiKey: 'api-bench', token: 'token-bench' } as const;
export const TOTAL_TASKS = 100_000;
export const GROUP_ID = 'aaaa1111-0000-4000-8000-000000000001';
export const JOB_ID = 'bbbb2222-0000-4000-8000-000000000002';

const LIST_PATH = '/v1/batch_groups';
const GROUP_PATH = `/v1/batch_groups/${GROUP_ID}`;
const TASKS_PATH = `/v1/batch_groups/${GROUP_ID}/jobs/${JOB_ID}/tasks`;
const MAX_PAGE = 1000;

const groupAt = (index: number) => ({
  batchGroupId: index === 0 ? GROUP_ID : `aaaa1111-0000-4000-8000-${String(index + 1).padStart(12, '0')}`,
  batchGroupName: index === 0 ? 'Monthly SIM Tag Update' : `Group ${index + 1}`,
  description: 'bench',
  createdTime: 1704067200 + index,
  updatedTime: 1704153600 + index,
});

// Small JSON answers, serialised once: their cost is the same for every side of a comparison.
const GROUP_BODY = JSON.stringify(groupAt(0));
/** listBatchGroups answers `limit` groups (at most 100) and a next key, as a first page of a longer list. */
const LIST_BODIES = new Map<number, string>();
const listBody = (limit: number): string => {
  const body = LIST_BODIES.get(limit) ?? JSON.stringify(Array.from({ length: limit }, (_, i) => groupAt(i)));
  LIST_BODIES.set(limit, body);
  return body;
};

/** One task as listTasksOfBatchJob returns it (BatchTaskResponse): a finished putSimTags call. */
function taskAt(taskId: number): unknown {
  const simId = `898110000${String(taskId - 1).padStart(10, '0')}`;
  return {
    taskId,
    status: 'success',
    startedTime: 1704067201,
    finishedTime: 1704067202,
    request: { path: `/v1/sims/${simId}/tags`, method: 'PUT', body: [{ tagName: 'fleet', tagValue: 'north' }] },
    response: { statusCode: 200, body: { simId, tags: { fleet: 'north' } } },
  };
}

function reply(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** A request listener answering as described above; `totalTasks` is the job's size (100,000 in the bench). */
export function createBenchHandler(totalTasks = TOTAL_TASKS): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => handleBenchRequest(req, res, totalTasks);
}

function handleBenchRequest(req: IncomingMessage, res: ServerResponse, totalTasks: number): void {
  if (
    req.headers['x-soracom-api-key'] !== BENCH_CREDENTIALS.apiKey ||
    req.headers['x-soracom-token'] !== BENCH_CREDENTIALS.token
  ) {
    reply(res, 401, '{"code":"SEM0001","message":"Both X-Soracom-API-Key and X-Soracom-Token headers are required"}');
    return;
  }
  const url = new URL(req.url ?? '/', 'http://bench.invalid');
  if (req.method === 'GET' && url.pathname === GROUP_PATH) {
    reply(res, 200, GROUP_BODY);
    return;
  }
  if (req.method === 'GET' && url.pathname === LIST_PATH) {
    const limit = Math.min(Math.max(Number(url.searchParams.get('limit') ?? '10') || 10, 1), 100);
    reply(res, 200, listBody(limit), { 'x-soracom-next-key': `group-${limit}` });
    return;
  }
  if (req.method === 'GET' && url.pathname === TASKS_PATH) {
    const limit = Math.min(Number(url.searchParams.get('limit') ?? '100') || 100, MAX_PAGE);
    const after = Number(url.searchParams.get('last_evaluated_key') ?? '0') || 0;
    const last = Math.min(after + limit, totalTasks);
    const items: unknown[] = [];
    for (let id = after + 1; id <= last; id++) items.push(taskAt(id));
    // The header is sent only when more tasks follow, as the API does.
    reply(res, 200, JSON.stringify(items), last < totalTasks ? { 'x-soracom-next-key': String(last) } : {});
    return;
  }
  reply(res, 404, '{"code":"SEM0404","message":"Not found"}');
}
