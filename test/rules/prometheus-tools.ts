import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export interface ToolRun {
  readonly status: number | null;
  readonly output: string;
}

/**
 * Run a Prometheus tool (promtool, amtool from Debian's prometheus and prometheus-alertmanager packages) on files
 * written to a scratch directory. Fails, never skips, when the tool is missing.
 */
export function runTool(
  tool: 'promtool' | 'amtool',
  args: (dir: string) => string[],
  files: Record<string, string>,
): ToolRun {
  const dir = mkdtempSync(path.join(tmpdir(), `netkit-${tool}-`));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    const run = spawnSync(tool, args(dir), { cwd: dir, encoding: 'utf8' });
    if (run.error) {
      throw new Error(
        `${tool} could not run (${run.error.message}); install Debian's prometheus and prometheus-alertmanager`,
      );
    }
    return { status: run.status, output: run.stdout + run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
