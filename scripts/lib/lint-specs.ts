/**
 * Runs Redocly CLI on the corrected specs and fails on any error or warning: a new warning
 * after a spec update must be either corrected in scripts/spec-fixes.ts or switched off, with a
 * reason, in openapi/redocly.yaml.
 */
import { spawnSync } from 'node:child_process';
import { basename } from 'node:path';
import { fromRoot } from './paths.js';

type LintReport = {
  totals: { errors: number; warnings: number };
  problems: Array<{ ruleId: string; severity: string; message: string; location: Array<{ pointer?: string }> }>;
};

/** Lints one file; Redocly's JSON report covers a single description per run. */
function lintOne(file: string): LintReport {
  const result = spawnSync(
    process.execPath,
    [
      fromRoot('node_modules/@redocly/cli/bin/cli.js'),
      'lint',
      '--config',
      fromRoot('openapi/redocly.yaml'),
      '--format',
      'json',
      file,
    ],
    { encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } },
  );
  try {
    return JSON.parse(result.stdout) as LintReport;
  } catch {
    throw new Error(
      `redocly lint did not produce a JSON report for ${file} (exit ${result.status}):\n${result.stderr}`,
    );
  }
}

export function lintSpecs(files: string[]): void {
  let errors = 0;
  let warnings = 0;
  for (const file of files) {
    const report = lintOne(file);
    for (const p of report.problems) {
      console.error(`  ${basename(file)}: ${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`);
    }
    errors += report.totals.errors;
    warnings += report.totals.warnings;
  }
  if (errors > 0 || warnings > 0) {
    throw new Error(
      `spec lint failed: ${errors} error(s), ${warnings} warning(s). Correct them in scripts/spec-fixes.ts ` +
        'or switch the rule off with a reason in openapi/redocly.yaml.',
    );
  }
  console.log(`spec lint: ${files.length} file(s), 0 errors, 0 warnings`);
}
