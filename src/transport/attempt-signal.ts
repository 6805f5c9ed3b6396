/**
 * The signal of one attempt: aborts when the caller's signal does, or when the attempt's time limit
 * (`timeoutMs`) runs out, and tells the two apart. Built by hand rather than with `AbortSignal.any`
 * and `AbortSignal.timeout` so it works on every runtime the core supports, and so the timer is
 * cleared as soon as the attempt ends.
 */
export type AttemptSignal = {
  /** Undefined when nothing can end the attempt early (no caller's signal, no time limit). */
  signal: AbortSignal | undefined;
  /** True when the time limit, not the caller, ended the attempt. */
  timedOut(): boolean;
  /** Stops the timer and forgets the caller's signal. */
  dispose(): void;
};

const UNLIMITED: AttemptSignal = { signal: undefined, timedOut: () => false, dispose: () => undefined };

export function createAttemptSignal(caller: AbortSignal | undefined, timeoutMs: number): AttemptSignal {
  // A signal costs the fetch real work (bench/RESULTS.md, per-call overhead): none when none is needed.
  if (caller === undefined && !Number.isFinite(timeoutMs)) return UNLIMITED;
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = () => controller.abort(caller?.reason);
  if (caller?.aborted) controller.abort(caller.reason);
  else caller?.addEventListener('abort', onAbort, { once: true });
  const timer = Number.isFinite(timeoutMs)
    ? setTimeout(() => {
        timedOut = true;
        controller.abort(new Error(`attempt timed out after ${timeoutMs} ms`));
      }, timeoutMs)
    : undefined;
  return {
    signal: controller.signal,
    timedOut: () => timedOut && !caller?.aborted,
    dispose: () => {
      if (timer !== undefined) clearTimeout(timer);
      caller?.removeEventListener('abort', onAbort);
    },
  };
}
