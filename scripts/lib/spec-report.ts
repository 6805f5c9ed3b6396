/**
 * The report `spec:update` prints and writes (Markdown): the outcome, the Batch API changes by
 * severity with what a user's code must change, the state of the spec fixes, and how
 * openapi/actions.yaml compares with the official spec. docs/regenerating.md explains how to read it.
 */
import type { ActionsComparison } from './actions-diff.js';
import type { Change, Severity, SpecDiff } from './spec-diff.js';

export type UpdateOutcome =
  | { status: 'applied'; written: string[] }
  | { status: 'refused' }
  | { status: 'dry-run' }
  | { status: 'failed'; reason: string };

export type UpdateReport = {
  input: { file: string; sha256: string; version: string; tag: string };
  diff: SpecDiff;
  fixes: { total: number; stale: Array<{ id: string; looksFor: string }> };
  actions: ActionsComparison;
  acceptBreaking: boolean;
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

function outcomeLine(report: UpdateReport, breaking: number): string {
  const { outcome } = report;
  switch (outcome.status) {
    case 'applied': {
      const accepted =
        breaking > 0 ? ` ${plural(breaking, 'breaking change')} accepted with \`--accept-breaking\`.` : '';
      const written = outcome.written.map((w) => `\`${w}\``).join(', ');
      return `**Applied.** Replaced together: ${written}.${accepted}`;
    }
    case 'refused': {
      const them = breaking === 1 ? 'it' : 'them';
      return (
        `**Not applied: ${plural(breaking, 'breaking change')}.** Nothing was written. Review ${them} below; ` +
        `to apply ${them}, run again with \`--accept-breaking\`.`
      );
    }
    case 'dry-run':
      return `**Dry run.** Nothing was written.${breaking > 0 && !report.acceptBreaking ? ` Without \`--dry-run\` it would be refused: ${plural(breaking, 'breaking change')}.` : ''}`;
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

export function renderReport(report: UpdateReport): string {
  const { diff, input, actions, fixes } = report;
  const counts = countBySeverity(diff);
  const out: string[] = [
    '# Spec update report',
    '',
    `- Source: \`${input.file}\` (info.version ${input.version}, sha256 ${input.sha256.slice(0, 12)}), tag \`${input.tag}\``,
    `- Batch spec version: ${diff.versions.before} → ${diff.versions.after}`,
    `- Result: ${outcomeLine(report, counts.breaking)}`,
    '',
  ];
  if (report.outcome.status === 'failed') out.push('## Failure', '', '```text', report.outcome.reason, '```', '');
  out.push('## Batch API (openapi/batch.yaml)', '');
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
    out.push(
      `Descriptions, summaries or examples changed at: ${diff.documentation.map((d) => `\`${d}\``).join(', ')}.`,
    );
    out.push('');
  }

  out.push('## Spec fixes (scripts/spec-fixes.ts)', '');
  if (fixes.stale.length === 0) out.push(`All ${fixes.total} fixes still find their defect.`, '');
  else {
    for (const fix of fixes.stale) {
      out.push(
        `- **STALE \`${fix.id}\`**: it looks for ${fix.looksFor}, and the new spec has none. Remove or update ` +
          'the fix in scripts/spec-fixes.ts; until then the update cannot be applied.',
      );
    }
    out.push('');
  }

  out.push('## Task actions (openapi/actions.yaml vs the official spec)', '');
  const deliberate = actions.differences.filter((d) => d.deliberate);
  const toReview = actions.differences.filter((d) => !d.deliberate);
  out.push(
    `Compared ${plural(actions.compared.length, 'operation')}: ${toReview.length} difference(s) to review, ` +
      `${deliberate.length} deliberate (scripts/actions-differences.ts), ${actions.stale.length} stale deliberate ` +
      'entr' +
      (actions.stale.length === 1 ? 'y.' : 'ies.'),
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
    for (const e of actions.stale) {
      out.push(`- \`${e.key}\`: no longer found; remove it from scripts/actions-differences.ts.`);
    }
    out.push('');
  }
  if (deliberate.length > 0) {
    out.push(`### Deliberate (${deliberate.length})`, '');
    for (const d of deliberate) out.push(`- \`${d.key}\`: ${d.message}`);
    out.push('');
  }
  out.push('See docs/regenerating.md for what to do about each kind of change.', '');
  return out.join('\n');
}
