/**
 * Signals and waits that an abort interrupts at once: the backoff and poll sleeps, waiting for a login
 * another call started, the time limit of one attempt, and a signal that follows the caller's (a page
 * walk's). Built by hand rather than with `AbortSignal.any` and `AbortSignal.timeout` so they work on
 * every runtime the core supports, and so every listener and timer is removed as soon as it is done:
 * long-lived signals (a run of many hours) do not collect them.
 */

/** Resolves after `ms`, or rejects with `signal.reason` as soon as the signal aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Waits for `promise` unless `signal` aborts first. The promise itself goes on (a shared login keeps
 * running for the other callers); only this caller stops waiting.
 */
export function abortableWait<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

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

export function createAttemptSignal(
  caller: AbortSignal | undefined,
  timeoutMs: number,
  followers?: Set<AbortController>,
): AttemptSignal {
  // A signal costs the fetch real work (bench/RESULTS.md, per-call overhead): none when none is needed.
  if (caller === undefined && !Number.isFinite(timeoutMs)) return UNLIMITED;
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = () => controller.abort(caller?.reason);
  if (caller?.aborted) controller.abort(caller.reason);
  // The caller's owner aborts its followers itself: no listener to add and remove on every attempt.
  else if (followers) followers.add(controller);
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
      if (followers) followers.delete(controller);
      else caller?.removeEventListener('abort', onAbort);
    },
  };
}

/**
/**
 * A signal that aborts with any of `callers` (with that caller's reason) and when its owner ends it
 * (`end()`, which also stops following them). A page walk uses one, so that stopping early also aborts
 * the page it fetched ahead; a run uses one per stage, over its caller's signal and its gentle stop.
 * `followers` are the controllers of attempts under way that follow it: they are aborted with it,
 * without a listener of their own (createAttemptSignal).
 */
export function followSignal(...callers: ReadonlyArray<AbortSignal | undefined>): {
  signal: AbortSignal;
  followers: Set<AbortController>;
  end(): void;
} {
  const controller = new AbortController();
  const followers = new Set<AbortController>();
  const abort = (reason: unknown) => {
    controller.abort(reason);
    for (const follower of followers) follower.abort(reason);
    followers.clear();
  };
  // Anything that is not an AbortSignal is left to the option checks, which reject it.
  const followed = callers.filter((c): c is AbortSignal => typeof c?.addEventListener === 'function');
  const listeners = followed.map((caller) => {
    const onAbort = () => abort(caller.reason);
    if (caller.aborted) controller.abort(caller.reason);
    else caller.addEventListener('abort', onAbort, { once: true });
    return () => caller.removeEventListener('abort', onAbort);
  });
  return {
    signal: controller.signal,
    followers,
    end() {
      for (const remove of listeners) remove();
      abort(new Error('ended by its owner'));
    },
  };
}
