/**
 * The package as users get it: the tarball `npm pack` makes from a jsii build, installed in an app made by
 * `cdk init app --language typescript` (the pinned CLI, its default tsconfig), where every TypeScript snippet of the
 * README and of docs/*.md becomes a stack (or, when it names its file, a file of the app) and the app is synthesized with `cdk synth --strict`; then again with the classic
 * `ts-node --prefer-ts-exts` setup. Slow (a jsii build, an npm install): its time is printed, never asserted.
 *
 * NETKIT_CONSUMER_TARBALL=<path.tgz> runs the consumer app against another tarball (e.g. an older release).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pack, packDryRun, PackResult, ROOT, run, stageAndCompile } from './packed-library';
import { allSnippets, FIXTURE_MODULE, readmeInstallCommand, snippetModule } from './readme-snippets';

const MINUTES = 60_000;
let dir: string;
let stage: string;
let contents: PackResult;
const started = Date.now();
const timings: string[] = [];

function timed<T>(label: string, work: () => T): T {
  const t0 = Date.now();
  const result = work();
  timings.push(`${label} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return result;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-eks-netkit-package-'));
  stage = timed('jsii build', () => stageAndCompile(dir));
  contents = packDryRun(stage);
}, 15 * MINUTES);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  timings.push(`total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.stdout.write(`package tests: ${timings.join(', ')}\n`);
});

describe('the packed tarball (npm pack --dry-run --json)', () => {
  const paths = () => contents.files.map((f) => f.path);

  test('ships compiled JavaScript and declarations, never TypeScript sources', () => {
    const sources = paths().filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts'));
    expect(sources).toEqual([]);
    // Every source module of lib/ has its .js and .d.ts in the package.
    const libSources = fs
      .readdirSync(path.join(ROOT, 'lib'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
    expect(libSources.length).toBeGreaterThan(20);
    for (const source of libSources) {
      const base = `lib/${source.replace(/\\/g, '/').replace(/\.ts$/, '')}`;
      expect(paths()).toEqual(expect.arrayContaining([`${base}.js`, `${base}.d.ts`]));
    }
  });

  test('ships what users need and nothing of the repository: no tests, reference stacks, examples or scripts', () => {
    expect(paths()).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'API.md', '.jsii', 'package.json']));
    const topLevel = new Set(paths().map((p) => p.split('/')[0]));
    // node_modules: the bundled yaml and smol-toml.
    expect([...topLevel].sort()).toEqual(
      ['.jsii', 'API.md', 'LICENSE', 'README.md', 'lib', 'node_modules', 'package.json'].sort(),
    );
    expect(
      paths()
        .filter((p) => p.startsWith('node_modules/'))
        .map((p) => p.split('/')[1]),
    ).toEqual(expect.arrayContaining(['yaml', 'smol-toml']));
  });

  test('its one executable is the CLI: present, executable, with a node shebang', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(stage, 'package.json'), 'utf8'));
    expect(pkg.bin).toEqual({ 'cdk-eks-netkit': 'lib/cli/main.js' });
    const main = contents.files.find((f) => f.path === 'lib/cli/main.js');
    expect(main).toBeDefined();
    // Executable by everyone: the owner, group and other execute bits (0o755 as npm packs a bin file).
    expect([0o100, 0o10, 0o1].map((bit) => Math.floor(main!.mode / bit) % 2)).toEqual([1, 1, 1]);
    const firstLine = fs.readFileSync(path.join(stage, 'lib', 'cli', 'main.js'), 'utf8').split('\n')[0];
    expect(firstLine).toBe('#!/usr/bin/env node');
  });
});

/** The snippets that run in a stack's constructor (the others are whole files of the app). */
const stackSnippets = () => allSnippets().filter((s) => !s.file);

describe('an app made by cdk init, with the tarball installed as the README says', () => {
  let app: string;
  const cdk = (...args: string[]) =>
    run(process.execPath, [path.join(app, 'node_modules', 'aws-cdk', 'bin', 'cdk'), ...args], {
      cwd: app,
      env: { CDK_DISABLE_VERSION_CHECK: '1', CI: 'true' },
      timeoutMs: 10 * MINUTES,
    });

  beforeAll(() => {
    const tarball = process.env.NETKIT_CONSUMER_TARBALL ?? timed('npm pack', () => pack(stage, dir));
    app = path.join(dir, 'netkit-app');
    fs.mkdirSync(app);
    const cdkCli = require.resolve('aws-cdk/bin/cdk', { paths: [ROOT] });
    timed('cdk init', () =>
      run(process.execPath, [cdkCli, 'init', 'app', '--language', 'typescript', '--generate-only'], { cwd: app }),
    );
    const [, ...peers] = readmeInstallCommand();
    timed('npm install', () =>
      run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball, ...peers], {
        cwd: app,
        timeoutMs: 10 * MINUTES,
      }),
    );
    // Every snippet of the README and docs/ is a stack of the app, written the way a user pastes it; a snippet that
    // names its file (`// test/x.test.ts`) is that file of the app.
    fs.writeFileSync(path.join(app, 'lib', 'readme-fixture.ts'), FIXTURE_MODULE);
    for (const generated of fs.readdirSync(path.join(app, 'test'))) fs.rmSync(path.join(app, 'test', generated));
    for (const snippet of allSnippets().filter((s) => s.file)) {
      fs.mkdirSync(path.dirname(path.join(app, snippet.file!)), { recursive: true });
      fs.writeFileSync(path.join(app, snippet.file!), snippet.body);
    }
    const snippets = stackSnippets();
    snippets.forEach((snippet, i) =>
      fs.writeFileSync(path.join(app, 'lib', `readme-${i + 1}.ts`), snippetModule(snippet, `ReadmeSnippet${i + 1}`)),
    );
    const entry = fs.readdirSync(path.join(app, 'bin'))[0];
    fs.writeFileSync(
      path.join(app, 'bin', entry),
      [
        "import * as cdk from 'aws-cdk-lib';",
        ...snippets.map((_, i) => `import { ReadmeSnippet${i + 1} } from '../lib/readme-${i + 1}';`),
        '',
        'const app = new cdk.App();',
        ...snippets.map((_, i) => `new ReadmeSnippet${i + 1}(app, 'ReadmeSnippet${i + 1}');`),
        '',
      ].join('\n'),
    );
  }, 20 * MINUTES);

  test('the README and docs have the snippets the app is built from, including the main constructs', () => {
    const code = allSnippets()
      .map((s) => s.body)
      .join('\n');
    expect(stackSnippets().length).toBeGreaterThanOrEqual(8);
    expect(allSnippets().filter((s) => s.file?.startsWith('test/')).length).toBeGreaterThanOrEqual(1);
    for (const construct of ['new NetworkBaseline(', 'new TunedNodegroup(', 'MaxPods.calculate(']) {
      expect(code).toContain(construct);
    }
  });

  test(
    'cdk synth --strict: the default tsconfig compiles it (tsc), tsx runs it, no warning',
    () => {
      const out = timed('cdk synth (tsc + tsx)', () => cdk('synth', '--strict', '--quiet'));
      expect(out).not.toMatch(/\[Warning/);
      const stacks = fs.readdirSync(path.join(app, 'cdk.out')).filter((f) => f.endsWith('.template.json'));
      expect(stacks).toHaveLength(stackSnippets().length);
      const baseline = JSON.parse(
        fs.readFileSync(path.join(app, 'cdk.out', 'ReadmeSnippet1.template.json'), 'utf8'),
      ) as { Resources: Record<string, { Type: string }> };
      const types = Object.values(baseline.Resources).map((r) => r.Type);
      // The headline snippet: the VPC CNI, kube-proxy and CoreDNS add-ons, the tuned node group, the AMP scraper.
      expect(types.filter((t) => t === 'AWS::EKS::Addon').length).toBeGreaterThanOrEqual(3);
      expect(types).toEqual(expect.arrayContaining(['AWS::EKS::Nodegroup', 'AWS::APS::Scraper']));
      process.stdout.write(`consumer app: ${stacks.length} stacks; headline ${types.length} resources\n`);
    },
    15 * MINUTES,
  );

  test(
    "docs/testing.md's jest tests pass in the app: the snapshot is written, then matches a second run with --ci",
    () => {
      const jest = path.join(app, 'node_modules', 'jest', 'bin', 'jest.js');
      const first = timed('jest (writes the snapshot)', () =>
        run(process.execPath, [jest, '--ci=false', '--colors=false'], { cwd: app, timeoutMs: 10 * MINUTES }),
      );
      const snapshots = fs
        .readdirSync(path.join(app, 'test'), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.snap'));
      expect(snapshots.length).toBeGreaterThanOrEqual(1);
      const snapshot = fs.readFileSync(path.join(app, 'test', snapshots[0]), 'utf8');
      // aws-eks-v2's asset hashes (64 hex digits) are kept out of the snapshot, as the page says.
      expect(snapshot).not.toMatch(/[0-9a-f]{64}/);
      expect(snapshot).toContain('AWS::EKS::Nodegroup');
      const second = timed('jest --ci', () =>
        run(process.execPath, [jest, '--ci', '--colors=false'], { cwd: app, timeoutMs: 10 * MINUTES }),
      );
      process.stdout.write(`${first}${second}`);
    },
    15 * MINUTES,
  );

  test(
    "the package's CLI runs from the app's node_modules/.bin",
    () => {
      const bin = path.join(app, 'node_modules', '.bin', 'cdk-eks-netkit');
      const version = run(bin, ['--version'], { cwd: app }).trim();
      expect(version).toBe(JSON.parse(fs.readFileSync(path.join(stage, 'package.json'), 'utf8')).version);
      expect(JSON.parse(run(bin, ['max-pods', 'm5.large', '--json'], { cwd: app })).recommended).toBe(29);
    },
    2 * MINUTES,
  );

  test(
    'the classic setup: ts-node --prefer-ts-exts with a CommonJS tsconfig, type-checked',
    () => {
      // The tsconfig cdk init generated before its NodeNext/tsx template.
      const classic = {
        compilerOptions: {
          target: 'ES2020',
          module: 'commonjs',
          lib: ['es2020', 'dom'],
          declaration: true,
          strict: true,
          noImplicitReturns: true,
          inlineSourceMap: true,
          experimentalDecorators: true,
          strictPropertyInitialization: false,
          typeRoots: ['./node_modules/@types'],
        },
        exclude: ['node_modules', 'cdk.out', 'test'],
      };
      fs.writeFileSync(path.join(app, 'tsconfig.classic.json'), JSON.stringify(classic, undefined, 2));
      timed('npm install ts-node', () =>
        run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', 'ts-node@10.9.2', 'typescript@~5.9.0'], {
          cwd: app,
          timeoutMs: 10 * MINUTES,
        }),
      );
      const entry = `bin/${fs.readdirSync(path.join(app, 'bin'))[0]}`;
      const out = timed('cdk synth (ts-node)', () =>
        cdk(
          'synth',
          '--strict',
          '--quiet',
          '--output',
          'cdk.out.classic',
          '--app',
          `npx ts-node --prefer-ts-exts -P tsconfig.classic.json ${entry}`,
        ),
      );
      expect(out).not.toMatch(/\[Warning/);
      const stacks = fs.readdirSync(path.join(app, 'cdk.out.classic')).filter((f) => f.endsWith('.template.json'));
      expect(stacks).toHaveLength(stackSnippets().length);
    },
    15 * MINUTES,
  );
});
