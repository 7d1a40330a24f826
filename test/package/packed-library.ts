import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.join(__dirname, '..', '..');

/** The files of the package as `npm pack --dry-run --json` lists them. */
export interface PackedFile {
  readonly path: string;
  readonly size: number;
  readonly mode: number;
}

export interface PackResult {
  readonly filename: string;
  readonly size: number;
  readonly unpackedSize: number;
  readonly entryCount: number;
  readonly files: readonly PackedFile[];
}

/** What the package is built from: the sources and the files npm reads, never build output left in the work tree. */
const STAGED = ['lib', '.projen', 'package.json', 'tsconfig.json', '.npmignore', 'README.md', 'LICENSE', 'API.md'];

/**
 * Compile the library (the project's compile task: jsii) in a copy of the repository under `dir` (so that runs at the same time, and the
 * work tree, never share build output), and return the copy's path. Its node_modules is the repository's.
 */
export function stageAndCompile(dir: string): string {
  const stage = path.join(dir, 'cdk-eks-netkit');
  fs.mkdirSync(stage);
  for (const entry of STAGED) {
    fs.cpSync(path.join(ROOT, entry), path.join(stage, entry), {
      recursive: true,
      filter: (src) => !/\.(js|d\.ts|tsbuildinfo)$/.test(src),
    });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
  // The project's own compile task (jsii, then the CLI made executable), run by projen's task runner.
  run(process.execPath, [require.resolve('projen/bin/projen', { paths: [ROOT] }), 'compile'], { cwd: stage });
  return stage;
}

/** `npm pack --dry-run --json` in a staged copy: what `npm publish` would ship. */
export function packDryRun(stage: string): PackResult {
  return JSON.parse(run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: stage }))[0];
}

/** Pack the staged copy into `dir`; returns the tarball's path. */
export function pack(stage: string, dir: string): string {
  const [result] = JSON.parse(
    run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: stage }),
  ) as PackResult[];
  return path.join(dir, result.filename);
}

/** Run a command, returning stdout; on failure the error carries the command, its output and its exit status. */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): string {
  try {
    return execFileSync(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
      timeout: options.timeoutMs ?? 300_000,
    });
  } catch (err) {
    const e = err as { status?: number; stdout?: string; stderr?: string; message: string };
    throw new Error(
      `${command} ${args.join(' ')} (in ${options.cwd}) failed with status ${e.status}:\n` +
        `${(e.stdout ?? '').slice(-4000)}\n${(e.stderr ?? e.message).slice(-4000)}`,
    );
  }
}
