import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { runCli } from '../../lib/cli/run-cli';

export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the CLI in-process, capturing its output lines. */
export function cli(...argv: string[]): CliRun {
  const out: string[] = [];
  const err: string[] = [];
  const status = runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { status, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** A bad-input run: exit 2, one line on stderr matching `message`, nothing on stdout. */
export function expectBadInput(argv: string[], message: RegExp): void {
  const run = cli(...argv);
  expect(run.stderr).toMatch(message);
  expect(run.status).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr.split('\n')).toHaveLength(1);
}

const ROOT = path.join(__dirname, '..', '..');

/** Run the CLI as a user does: a separate node process on the package's bin entry point. */
export function cliProcess(...argv: string[]): CliRun {
  const result = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register', path.join(ROOT, 'lib', 'cli', 'main.ts'), ...argv],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        TS_NODE_PROJECT: path.join(ROOT, 'test', 'tsconfig.json'),
        TS_NODE_TRANSPILE_ONLY: 'true',
        TS_NODE_PREFER_TS_EXTS: 'true',
      },
    },
  );
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
