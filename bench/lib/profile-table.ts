/**
 * Renders two profiles (the SDK's side and the other side, named by `other`) as a per-unit table by
 * category, with the difference.
 * Idle time is left out: the sampling profiler distorts it (the unprofiled event-loop accounting in
 * the table above gives the real waiting time); what is compared is time spent running on the client
 * thread. The profiler's own cost grows with the work it samples, so the profiled difference is
 * larger than the real one: read the shares, not the absolute figures.
 */
import { CATEGORIES, type Category, type ProfileResult } from './cpu-profile.js';
import { table } from './report.js';

const IDLE: Category = 'idle (waiting for the server)';

export function profileComparison(
  sdk: ProfileResult,
  raw: ProfileResult,
  units: number,
  unit: string,
  fmt: (ms: number) => string,
  other = 'floor',
): string[] {
  const busy = CATEGORIES.filter((c) => c !== IDLE && (sdk.byCategory[c] > 0 || raw.byCategory[c] > 0));
  const signed = (v: number) => `${v >= 0 ? '+' : ''}${fmt(v)}`;
  const total = (p: ProfileResult) => busy.reduce((sum, c) => sum + p.byCategory[c], 0) / units;
  const difference = total(sdk) - total(raw);
  const rows = busy.map((c) => {
    const a = sdk.byCategory[c] / units;
    const b = raw.byCategory[c] / units;
    return [c, fmt(a), fmt(b), signed(a - b), `${((100 * (a - b)) / difference).toFixed(0)}%`];
  });
  return table(
    [`self time per ${unit} (profiled)`, 'SDK', other, 'difference', 'share of the difference'],
    [...rows, ['**total on the client thread**', fmt(total(sdk)), fmt(total(raw)), signed(difference), '100%']],
  );
}

export function topSdkFunctions(
  sdk: ProfileResult,
  units: number,
  unit: string,
  fmt: (ms: number) => string,
  n = 8,
): string[] {
  return table(
    [`SDK function (self time per ${unit}, profiled)`, 'time'],
    sdk.sdkFunctions.slice(0, n).map(([name, spent]) => [`\`${name}\``, fmt(spent / units)]),
  );
}
