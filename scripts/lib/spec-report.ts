/**
 * The report `spec:update` prints and writes (Markdown): the outcome, the Batch API changes by
 * severity with what a user's code must change (the task contract's among them), the state of the spec
 * fixes and of their evidence, and how openapi/actions.yaml compares with the official spec.
 * docs/regenerating.md explains how to read it.
 */

import type { Analysis, Refusal } from './spec-analysis.js';
import type { Change, Severity, SpecDiff } from './spec-diff.js';

export type UpdateOutcome =
  | { status: 'applied'; written: string[]; accepted: Refusal[] }
  | { status: 'refused'; refusals: Refusal[] }
  /** `refusals`: what would refuse it without --dry-run. */
  | { status: 'dry-run'; refusals: Refusal[] }
  | { status: 'failed'; reason: string };

export type UpdateReport = {
  input: { file: string; sha256: string; version: string; tag: string };
  /** openapi/batch.yaml's `info.version` before the update. */
  currentVersion: string;
  /** Absent when the input could not be read as a description with a Batch part. */
  analysis?: Analysis;
  outcome: UpdateOutcome;
};

const SECTIONS: Array<{ severity: Severity; title: string; todo: string }> = [
  { severity: 'breaking', title: 'Breaking', todo: 'Your code' },
  { severity: 'review', title: 'Needs review (not breaking)', todo: 'To do' },
  { severity: 'compatible', title: 'Compatible', todo: '' },
];

export function countBySeverity(diff: SpecDiff): Record<Severity, number> {
  const counts: Record<Severity, number> = { breaking: 0, review: 0, compatible: 0 };
  for (const c of diff.changes) counts[c.severity]++;
  return counts;
}

const list = (names: string[]) => (names.length > 0 ? names.map((n) => `\`${n}\``).join(', ') : 'none');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const flags = (refusals: Refusal[]) => refusals.map((r) => `\`${r.flag}\``).join(' and ');
const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

function outcomeLine(outcome: UpdateOutcome): string {
  switch (outcome.status) {
    case 'applied': {
      const accepted = outcome.accepted.map((r) => ` ${sentence(r.reason)} accepted with \`${r.flag}\`.`).join('');
      const written = outcome.written.map((w) => `\`${w}\``).join(', ');
      return `**Applied.** Replaced together: ${written}.${accepted}`;
    }
    case 'refused':
      return (
        `**Not applied: ${outcome.refusals.map((r) => r.reason).join('; ')}.** Nothing was written. Review it ` +
        `below; to apply it anyway, run again with ${flags(outcome.refusals)}.`
      );
    case 'dry-run': {
      const then =
        outcome.refusals.length > 0
          ? `it would be refused (${flags(outcome.refusals)} would allow it): ${outcome.refusals.map((r) => r.reason).join('; ')}.`
          : 'it would be applied.';
      return `**Dry run.** The new \`generated/\` was built and linted in a scratch folder; nothing was written. Without \`--dry-run\` ${then}`;
    }
    case 'failed':
      return '**Failed.** Nothing was written; why is under "Failure" below.';
  }
}

function renderChange(change: Change, todo: string): string[] {
  const where =
    change.operations.length > 0 && !(change.operations.length === 1 && change.operations[0] === change.subject)
      ? ` (in ${change.operations.map((o) => `\`${o}\``).join(', ')})`
      : '';
  const lines = [`- **${change.subject}**: ${change.message}${where}`];
  if (change.action && todo) lines.push(`  - ${todo}: ${change.action}`);
  return lines;
}

function header(report: UpdateReport): string[] {
  const { input, analysis } = report;
  const versions = analysis?.diff.versions ?? { before: report.currentVersion, after: input.version };
  const lines = [
    '# Spec update report',
    '',
    `- Source: \`${input.file}\` (info.version ${input.version}, sha256 ${input.sha256.slice(0, 12)}), tag \`${input.tag}\``,
  ];
  if (analysis) {
    const { release, current } = analysis.edition;
    lines.push(
      release === current
        ? `- Edition: ${release}, as openapi/batch.yaml`
        : `- Edition: **${release}**; openapi/batch.yaml is the ${current} edition`,
    );
  }
  const older = analysis?.older ? ' (**older** than openapi/batch.yaml)' : '';
  lines.push(`- Batch spec version: ${versions.before} → ${versions.after}${older}`);
  lines.push(`- Result: ${outcomeLine(report.outcome)}`, '');
  if (report.outcome.status === 'failed') lines.push('## Failure', '', '```text', report.outcome.reason, '```', '');
  return lines;
}

function apiSection(diff: SpecDiff): string[] {
  const out = ['## Batch API (openapi/batch.yaml)', ''];
  const counts = countBySeverity(diff);
  if (diff.changes.length === 0) {
    const versionChanged = diff.versions.before !== diff.versions.after;
    const what =
      diff.documentation.length > 0
        ? `info.version ${versionChanged ? 'changed' : 'unchanged'}; documentation changed in ` +
          `${diff.documentation.length} place(s), listed below`
        : versionChanged
          ? 'only `info.version` changed'
          : 'nothing changed';
    out.push(`**No API changes** (${what}).`, '');
  } else {
    out.push(
      `${plural(diff.changes.length, 'change')}: ${counts.breaking} breaking, ${counts.review} to review, ` +
        `${counts.compatible} compatible.`,
      `Operations added: ${list(diff.operations.added)}; removed: ${list(diff.operations.removed)}; ` +
        `changed: ${list(diff.operations.changed)}.`,
      '',
    );
    for (const section of SECTIONS) {
      const changes = diff.changes.filter((c) => c.severity === section.severity);
      if (changes.length === 0) continue;
      out.push(`### ${section.title} (${changes.length})`, '');
      for (const change of changes) out.push(...renderChange(change, section.todo));
      out.push('');
    }
  }
  if (diff.documentation.length > 0) {
    out.push(`### Documentation only (${diff.documentation.length})`, '');
    out.push(`Descriptions, summaries or examples changed at: ${list(diff.documentation)}.`, '');
  }
  return out;
}

function fixesSection({ fixes, citations }: Analysis): string[] {
  const out = ['## Spec fixes (scripts/spec-fixes.ts)', ''];
  if (fixes.stale.length === 0) out.push(`All ${fixes.total} fixes still find their defect.`);
  for (const fix of fixes.stale) {
    out.push(
      `- **STALE \`${fix.id}\`**: it looks for ${fix.looksFor}, and the new spec has none. Remove or update ` +
        'the fix in scripts/spec-fixes.ts; until then the update cannot be applied.',
    );
  }
  if (citations.broken.length === 0) {
    out.push(`The ${citations.total} citations behind the always-returned fields (\`alwaysReturned\`) all hold.`);
  }
  for (const b of citations.broken) {
    out.push(
      `- **EVIDENCE GONE \`${b.schema}.${b.property}\`**: \`${b.pointer}\` was cited as \`${JSON.stringify(b.cited)}\`, ` +
        `the new spec has \`${JSON.stringify(b.found ?? null)}\`. Reread why the field is always returned; update or ` +
        'remove its entry in `alwaysReturned`; until then the update cannot be applied.',
    );
  }
  out.push('');
  return out;
}

function taskContractLines({ tasks }: Analysis): string[] {
  if ('error' in tasks) return [`The task contract could not be read: ${tasks.error}.`, ''];
  const { contract, sdk } = tasks;
  const supported = contract.actions.filter((a) => sdk.actionsYaml.includes(a.operationId));
  const limit =
    contract.maxTasksPerJob === undefined
      ? `It states no task limit (the Japanese edition states none): \`batchLimits.maxTasksPerJob\` stays ${sdk.maxTasksPerJob.toLocaleString('en-US')}.`
      : `It states a limit of ${contract.maxTasksPerJob.toLocaleString('en-US')} tasks per job (\`batchLimits.maxTasksPerJob\`: ${sdk.maxTasksPerJob.toLocaleString('en-US')}).`;
  return [
    `The release lists ${plural(contract.actions.length, 'API')} a task may call (\`${contract.listedIn}\`); ` +
      `${supported.length} of them are in openapi/actions.yaml, which has ${sdk.actionsYaml.length}. ${limit}` +
      (supported.length === contract.actions.length && supported.length === sdk.actionsYaml.length
        ? ''
        : ' The differences are listed under "Batch API" above.'),
    '',
  ];
}

function actionsSection(analysis: Analysis): string[] {
  const { actions } = analysis;
  const out = ['## Task actions (openapi/actions.yaml vs the official spec)', '', ...taskContractLines(analysis)];
  const deliberate = actions.differences.filter((d) => d.deliberate);
  const toReview = actions.differences.filter((d) => !d.deliberate);
  out.push(
    `Compared ${plural(actions.compared.length, 'operation')}: ${toReview.length} difference(s) to review, ` +
      `${deliberate.length} deliberate (scripts/actions-differences.ts), ${actions.stale.length} stale deliberate ` +
      `entr${actions.stale.length === 1 ? 'y' : 'ies'}.`,
    '',
  );
  if (toReview.length > 0) {
    out.push(`### To review (${toReview.length})`, '');
    for (const d of toReview) out.push(`- \`${d.key}\`: ${d.message}`);
    out.push(
      '',
      'To do: change openapi/actions.yaml (and the task builders in src/tasks) to follow the official spec, or ' +
        'list the difference with its reason in scripts/actions-differences.ts.',
      '',
    );
  }
  if (actions.stale.length > 0) {
    out.push(`### Stale deliberate entries (${actions.stale.length})`, '');
    for (const e of actions.stale)
      out.push(`- \`${e.key}\`: no longer found; remove it from scripts/actions-differences.ts.`);
    out.push('');
  }
  if (deliberate.length > 0) {
    out.push(`### Deliberate (${deliberate.length})`, '');
    for (const d of deliberate) out.push(`- \`${d.key}\`: ${d.message}`);
    out.push('');
  }
  return out;
}

export function renderReport(report: UpdateReport): string {
  const { analysis } = report;
  const out = header(report);
  if (analysis) out.push(...apiSection(analysis.diff), ...fixesSection(analysis), ...actionsSection(analysis));
  out.push('See docs/regenerating.md for what to do about each kind of change.', '');
  return out.join('\n');
}
