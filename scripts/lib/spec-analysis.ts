/**
 * Everything `spec:update` finds out about a release before it builds anything: the Batch API changes
 * (spec-diff.ts), the task contract stated in prose (task-contract.ts), the spec fixes and the evidence
 * behind the always-returned fields (scripts/spec-fixes.ts), openapi/actions.yaml against the release's
 * operations (actions-diff.ts), the language edition and whether the release is older (release.ts).
 * It decides what fails the update (exit 1) and what refuses it unless a flag allows it (exit 2).
 */
import { deliberateActionDifferences } from '../actions-differences.js';
import { alwaysReturned, type BrokenCitation, brokenCitations, specFixes, staleSpecFixes } from '../spec-fixes.js';
import { type ActionsComparison, compareActions } from './actions-diff.js';
import type { OpenApiDoc } from './extract-tagged.js';
import { type Edition, editionOf, isOlderRelease } from './release.js';
import { diffSpecs, type SpecDiff } from './spec-diff.js';
import {
  readTaskContract,
  type SdkTaskSupport,
  type TaskContract,
  TaskContractError,
  taskContractChanges,
} from './task-contract.js';

/** What refuses an update unless its flag is given; `reason` completes "Not applied: ...". */
export type Refusal = { reason: string; flag: '--accept-breaking' | '--allow-other-edition' | '--allow-downgrade' };

export type Analysis = {
  diff: SpecDiff;
  fixes: { total: number; stale: Array<{ id: string; looksFor: string }> };
  citations: { total: number; broken: BrokenCitation[] };
  actions: ActionsComparison;
  /** The release's task contract, or why it could not be read (then the update fails). */
  tasks: { contract: TaskContract; sdk: SdkTaskSupport } | { error: string };
  edition: { release: Edition; current: Edition };
  /** Whether the release is older than openapi/batch.yaml (undefined: a version that is no time stamp). */
  older: boolean | undefined;
};

export type AnalysisInputs = {
  /** The whole published description. */
  full: OpenApiDoc;
  /** openapi/batch.yaml now (undefined before the first update of an empty repository). */
  current: OpenApiDoc | undefined;
  /** The release's Batch part, as it would be written. */
  candidate: OpenApiDoc;
  actionsDoc: OpenApiDoc;
  sdk: SdkTaskSupport;
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function readTasks(candidate: OpenApiDoc, release: Edition, sdk: SdkTaskSupport): Analysis['tasks'] {
  try {
    const contract = readTaskContract(candidate);
    if (contract.maxTasksPerJob === undefined && release === 'English') {
      throw new TaskContractError(
        'the createBatchJob description no longer states the task limit as "a maximum of N tasks": read it, ' +
          'and teach scripts/lib/task-contract.ts its new shape',
      );
    }
    return { contract, sdk };
  } catch (error) {
    if (!(error instanceof TaskContractError)) throw error;
    return { error: error.message };
  }
}

export function analyseRelease({ full, current, candidate, actionsDoc, sdk }: AnalysisInputs): Analysis {
  const diff = diffSpecs(current ?? { openapi: '', info: {}, paths: {} }, candidate);
  const edition = { release: editionOf(candidate), current: current ? editionOf(current) : editionOf(candidate) };
  const tasks = readTasks(candidate, edition.release, sdk);
  if ('contract' in tasks) {
    const extra = taskContractChanges(tasks.contract, sdk);
    diff.changes.push(...extra);
    if (extra.length > 0 && !diff.operations.changed.includes('createBatchJob')) {
      diff.operations.changed.push('createBatchJob');
    }
  }
  return {
    diff,
    fixes: {
      total: specFixes.batch?.length ?? 0,
      stale: staleSpecFixes('batch', candidate).map((f) => ({ id: f.id, looksFor: f.looksFor })),
    },
    citations: {
      total: Object.values(alwaysReturned)
        .flatMap((properties) => Object.values(properties))
        .reduce((count, entry) => count + Object.keys(entry.evidence).length, 0),
      broken: brokenCitations(candidate),
    },
    actions: compareActions(actionsDoc, full, deliberateActionDifferences),
    tasks,
    edition,
    older: current ? isOlderRelease(String(current.info?.version), String(candidate.info?.version)) : false,
  };
}

/** A reason the update fails (exit 1): a line for the report's Failure section, and one for standard error. */
export type Failure = { report: string; message: string };

/** Why the update must fail, before anything is built; empty when nothing does. */
export function failuresOf(analysis: Analysis): Failure[] {
  const failures: Failure[] = [];
  const { stale } = analysis.fixes;
  if (stale.length > 0) {
    const names = stale.map((f) => `"${f.id}" (it looks for ${f.looksFor})`).join('; ');
    const [fix, them] = stale.length === 1 ? ['spec fix', 'it'] : ['spec fixes', 'them'];
    failures.push({
      report: `Stale ${fix}: ${names}.`,
      message:
        `${fix} ${names} found nothing to correct in the new Batch spec. ` +
        `Remove or update ${them} in scripts/spec-fixes.ts, then run again.`,
    });
  }
  const { broken } = analysis.citations;
  if (broken.length > 0) {
    const cited = broken
      .map(
        (b) =>
          `${b.schema}.${b.property} cites ${b.pointer} = ${JSON.stringify(b.cited)}, the new Batch spec has ${JSON.stringify(b.found ?? null)}`,
      )
      .join('; ');
    failures.push({
      report: `Evidence no longer found: ${cited}.`,
      message:
        `the evidence behind ${plural(broken.length, 'always-returned citation')} no longer holds: ${cited}. ` +
        'Reread why the field is always returned, then update or remove its entry in alwaysReturned ' +
        '(scripts/spec-fixes.ts), and run again.',
    });
  }
  if ('error' in analysis.tasks) {
    failures.push({
      report: `Task contract unreadable: ${analysis.tasks.error}.`,
      message: `the task contract cannot be read: ${analysis.tasks.error}.`,
    });
  }
  return failures;
}

/** Everything that refuses the update unless its flag is given, whether or not the flag was. */
export function refusalsOf(analysis: Analysis): Refusal[] {
  const refusals: Refusal[] = [];
  const breaking = analysis.diff.changes.filter((c) => c.severity === 'breaking').length;
  if (breaking > 0) refusals.push({ reason: plural(breaking, 'breaking change'), flag: '--accept-breaking' });
  const { release, current } = analysis.edition;
  if (release !== current) {
    refusals.push({
      reason: `the ${release} edition (openapi/batch.yaml is the ${current} one)`,
      flag: '--allow-other-edition',
    });
  }
  if (analysis.older) {
    const { before, after } = analysis.diff.versions;
    refusals.push({
      reason: `an older release (${after}, openapi/batch.yaml is ${before})`,
      flag: '--allow-downgrade',
    });
  }
  return refusals;
}
