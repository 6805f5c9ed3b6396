/** The words of a progress report, shared by the live bar and the plain lines so both say the same. */
import type { RunProgress } from '../../jobs/run-state.js';

/** `0:07`, `12:34`, `1:02:03`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '--:--';
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** What the run is doing now: `job 2/3 running (<id>)`, `submitting job 3/3`, `waiting to submit job 2/3: <why>`. */
export function describeCurrent(p: RunProgress, options: { jobId?: boolean } = {}): string {
  const c = p.current;
  if (!c) return p.jobsFinished === p.jobsTotal && p.jobsTotal > 0 ? `all ${p.jobsTotal} jobs finished` : 'starting';
  const job = `job ${c.chunk + 1}/${p.jobsTotal}`;
  if (c.waiting) return `waiting to submit ${job}: ${c.waiting}`;
  if (c.status === 'submitting') return `submitting ${job}`;
  return `${job} ${c.status}${c.jobId && options.jobId !== false ? ` (${c.jobId})` : ''}`;
}

export function percent(done: number, total: number): string {
  return total === 0 ? '100%' : `${Math.floor((done / total) * 100)}%`;
}

/** One plain line: `12000/25000 tasks (48%), 3 failed, job 2/3 running (<id>), elapsed 0:12, ETA 0:15`. */
export function progressLine(p: RunProgress, elapsedMs: number, etaMs: number | undefined): string {
  return (
    `progress: ${p.done}/${p.total} tasks (${percent(p.done, p.total)}), ${p.failed} failed, ${describeCurrent(p)}, ` +
    `elapsed ${formatDuration(elapsedMs)}, ETA ${p.done >= p.total ? '0:00' : formatDuration(etaMs)}`
  );
}
