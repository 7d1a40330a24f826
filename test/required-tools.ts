import { spawnSync } from 'node:child_process';

/**
 * Fail (never skip) when a tool a test runs is missing, naming the tool, its Debian package and what the test needs
 * it for. `npm test` installs or reports them all first (scripts/test-prerequisites.sh).
 */
export function requireTool(command: string, debianPackage: string, why: string): void {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;
  if (!found) {
    throw new Error(
      `${command} is not installed (Debian package ${debianPackage}); ${why}. ` +
        `Install it: apt-get install -y ${debianPackage} (or run bash scripts/test-prerequisites.sh)`,
    );
  }
}

/** Fail when the test is not running as root, saying why it needs root. */
export function requireRoot(why: string): void {
  if (process.getuid?.() !== 0) throw new Error(`this test must run as root: ${why}`);
}
