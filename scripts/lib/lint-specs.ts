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
function lintOne(file: string, config: string): LintReport {
  const result = spawnSync(
    process.execPath,
    [fromRoot('node_modules/@redocly/cli/bin/cli.js'), 'lint', '--config', config, '--format', 'json', file],
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

/** Lints the files with Redocly; throws, listing every problem, when any reports an error or a warning. */
export function lintSpecs(files: string[], config = fromRoot('openapi/redocly.yaml'), log = console.log): void {
  let errors = 0;
  let warnings = 0;
  const problems: string[] = [];
  for (const file of files) {
    const report = lintOne(file, config);
    for (const p of report.problems) {
      problems.push(`  ${basename(file)}: ${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`);
    }
    errors += report.totals.errors;
    warnings += report.totals.warnings;
  }
  if (errors > 0 || warnings > 0) {
    throw new Error(
      `${problems.join('\n')}\nspec lint failed: ${errors} error(s), ${warnings} warning(s). Correct them in ` +
        'scripts/spec-fixes.ts or switch the rule off with a reason in openapi/redocly.yaml.',
    );
  }
  log(`spec lint: ${files.length} file(s), 0 errors, 0 warnings`);
}
