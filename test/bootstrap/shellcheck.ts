import { spawnSync } from 'node:child_process';

/** Run Debian's shellcheck over a script. Fails (does not skip) when shellcheck is not installed. */
export function shellcheck(script: string): { status: number | null; output: string } {
  const run = spawnSync('shellcheck', ['--shell=bash', '--severity=style', '-'], { input: script, encoding: 'utf8' });
  if (run.error) {
    throw new Error(`shellcheck could not run (${run.error.message}); install the Debian package shellcheck`);
  }
  return { status: run.status, output: run.stdout + run.stderr };
}
