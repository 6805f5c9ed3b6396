/**
 * Time left, from the rate of this process only: a resumed run starts with tasks already done,
 * which must not count as done fast. Job summaries are updated in steps, so the estimate uses the
 * whole span since the first progress, not the last step.
 */
export class EtaEstimator {
  #start: { at: number; done: number } | undefined;

  observe(done: number, now: number): void {
    this.#start ??= { at: now, done };
  }

  etaMs(done: number, total: number, now: number): number | undefined {
    const start = this.#start;
    if (!start || done <= start.done || now <= start.at) return undefined;
    const rate = (done - start.done) / (now - start.at);
    return (total - done) / rate;
  }
}
