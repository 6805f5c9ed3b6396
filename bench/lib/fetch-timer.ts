/**
 * A `fetch` for the client that measures the time the SDK spends waiting on the server: from the
 * moment the transport hands a request to `fetch` until the whole answer has arrived (the body is
 * read here, so its transfer counts as waiting, not as SDK work). Overlapping requests count once
 * (the union of the intervals). It also splits that time with the event loop's own accounting
 * (`performance.eventLoopUtilization`): idle (blocked on the socket) vs active (undici's own JS
 * parsing and writing on this thread).
 */
import { performance } from 'node:perf_hooks';
import { now } from './clock.js';

/** Statuses whose response must not have a body (the Response constructor refuses one). */
const NULL_BODY = new Set([101, 204, 205, 304]);

export type FetchTimes = {
  requests: number;
  /** Wall time with at least one request in flight. */
  insideMs: number;
  /** Of which the event loop was active (undici's JS on this thread) / idle (waiting on the socket). */
  insideActiveMs: number;
  insideIdleMs: number;
  /** Process CPU time (user + system, all threads) while a request was in flight. */
  insideCpuMs: number;
};

export function createTimedFetch(): { fetch: typeof globalThis.fetch; times: FetchTimes } {
  const times: FetchTimes = { requests: 0, insideMs: 0, insideActiveMs: 0, insideIdleMs: 0, insideCpuMs: 0 };
  let inFlight = 0;
  let startedAt = 0;
  let startedElu = performance.eventLoopUtilization();
  let startedCpu = process.cpuUsage();

  const enter = () => {
    if (inFlight++ === 0) {
      startedAt = now();
      startedElu = performance.eventLoopUtilization();
      startedCpu = process.cpuUsage();
    }
  };
  const leave = () => {
    if (--inFlight === 0) {
      const elu = performance.eventLoopUtilization(startedElu);
      times.insideMs += now() - startedAt;
      times.insideActiveMs += elu.active;
      times.insideIdleMs += elu.idle;
      const cpu = process.cpuUsage(startedCpu);
      times.insideCpuMs += (cpu.user + cpu.system) / 1000;
    }
  };

  const timedFetch: typeof globalThis.fetch = async (input, init) => {
    times.requests++;
    enter();
    try {
      const response = await globalThis.fetch(input, init);
      const body = NULL_BODY.has(response.status) ? null : await response.arrayBuffer();
      return new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    } finally {
      leave();
    }
  };
  return { fetch: timedFetch, times };
}
