/**
 * What the harness makes of one runtime's run: the scenario's result (when the runtime got as far as
 * printing or returning it) and its output, turned into one clear failure message per row.
 */
import type { RequestLogEntry } from 'soracom-batch/testing';
import { RESULT_MARKER, type ScenarioResult } from '../scenario.js';
import { type Finished, tail } from './processes.js';

export type Outcome = {
  /** The scenario's result, if the runtime produced one. */
  result?: ScenarioResult;
  /** The runtime's output (or the browser's console), quoted when the row fails. */
  log: string;
  /** The exit code, for runtimes run as a process. */
  exitCode?: number | null;
};

/** The steps every run must report (a shorter list means the scenario stopped early). */
export const STEP_COUNT = 7;

/** A process's outcome: the marked result line from its stdout, its whole output as the log. */
export function fromProcess(finished: Finished): Outcome {
  const line = finished.stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
  const log = tail(`${finished.stdout}\n${finished.stderr}`);
  if (!line) return { log, exitCode: finished.code };
  try {
    return { result: JSON.parse(line.slice(RESULT_MARKER.length)) as ScenarioResult, log, exitCode: finished.code };
  } catch {
    return { log: `unreadable result line: ${line.slice(0, 500)}\n${log}`, exitCode: finished.code };
  }
}

/**
 * Every problem with a run, as lines: failed steps with their error, missing steps, a non-zero exit,
 * and (from the emulator's log) a first request that was not the AuthKey login.
 */
export function problems(
  outcome: Outcome,
  requests: readonly RequestLogEntry[],
  stepCount: number = STEP_COUNT,
): string[] {
  const found: string[] = [];
  if (!outcome.result) return ['the runtime produced no scenario result'];
  for (const step of outcome.result.steps) if (!step.ok) found.push(`✗ ${step.step}: ${step.detail}`);
  if (outcome.result.steps.length !== stepCount) {
    found.push(`reported ${outcome.result.steps.length} steps, expected ${stepCount}`);
  }
  if (outcome.exitCode !== undefined && outcome.exitCode !== 0) found.push(`exited with code ${outcome.exitCode}`);
  // Preflights (OPTIONS) come before a browser's requests; the first real request must be the login.
  const first = requests.find((r) => r.method !== 'OPTIONS');
  if (found.length === 0 && !(first?.method === 'POST' && first.path === '/v1/auth' && first.status === 200)) {
    found.push(
      `the emulator's first request was ${first ? `${first.method} ${first.path} → ${first.status}` : 'none'}, not POST /v1/auth → 200`,
    );
  }
  return found;
}

/** The failure message of a row: its problems, the steps that passed, then the runtime's output. */
export function failureMessage(row: string, outcome: Outcome, found: readonly string[]): string {
  const passed = outcome.result?.steps.filter((s) => s.ok).map((s) => `✓ ${s.step}`) ?? [];
  return [`${row}: ${found.length} problem(s)`, ...found, ...passed, '--- output ---', outcome.log].join('\n');
}
