/**
 * Exit codes (issue 6). Scripts and cron jobs branch on them, so each outcome has its own:
 * a run that finished with failed tasks (3) is not an API outage (2), nor a typo (1).
 */
export const ExitCode = Object.freeze({
  /** Everything succeeded. */
  ok: 0,
  /** Bad usage (unknown flag, missing option) or bad input (invalid rows, unreadable file, bad profile). */
  usage: 1,
  /** The API or the network failed (an error answer, no answer, a timeout). */
  api: 2,
  /** The run finished, but some tasks failed or did not run. */
  failedTasks: 3,
  /** Stopped by Ctrl-C or SIGTERM (128 + SIGINT, the shell's convention); the state file resumes it. */
  interrupted: 130,
});

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
