import { awscdk, javascript, JsonFile } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-eks-netkit',
  packageName: 'cdk-eks-netkit',
  description:
    'Opinionated AWS CDK constructs that make Amazon EKS networking hold at scale: correct max-pods, tuned node bootstrap, CNI and DNS add-ons, network observability and synth-time guardrails.',
  author: 'cdk-eks-netkit maintainers',
  authorAddress: 'maintainers@cdk-eks-netkit.dev',
  repositoryUrl: 'https://github.com/cdk-eks-netkit/cdk-eks-netkit.git',
  defaultReleaseBranch: 'main',
  stability: 'experimental',
  keywords: ['aws-cdk', 'eks', 'kubernetes', 'vpc-cni', 'max-pods', 'karpenter', 'prometheus'],

  // aws-eks-v2 ships in aws-cdk-lib from 2.240.0. The peer floor, 2.270.0, is the newest release that PyPI, Maven
  // Central and the Go module proxy all serve to this project's CI, so the Python, Java and Go smoke tests can install
  // it; the TypeScript tests and reference stacks run on the pinned devDependency below (2.276.0).
  cdkVersion: '2.270.0',
  constructsVersion: '10.5.1',
  peerDependencyOptions: { pinnedDevDependency: false },
  // jsii tracks TypeScript's major.minor; 5.9 is the conservative supported pair (TypeScript 7 breaks jsii, ts-jest and ts-node).
  jsiiVersion: '~5.9.0',
  typescriptVersion: '~5.9.0',
  packageManager: javascript.NodePackageManager.NPM,
  minNodeVersion: '22.0.0',
  projenrcTs: true,
  srcdir: 'lib',
  libdir: 'lib',
  testdir: 'test',

  // The release workflow (.github/workflows/release.yml): on every push to main, bump the version from the commit
  // messages (conventional commits), write the changelog, build once, and publish what that build wrote to dist/ to
  // npm, PyPI, Maven Central and the Go module repository with publib. The first release is 0.1.0.
  github: true,
  githubOptions: { mergify: false, pullRequestLint: false },
  release: true,
  releaseToNpm: true,
  npmAccess: javascript.NpmAccess.PUBLIC,
  nextVersionCommand: 'bash scripts/next-version.sh',
  buildWorkflow: false,
  stale: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  experimentalIntegRunner: false,

  // jsii targets: the same constructs for Python, Java and Go (no .NET: see the README's "Other languages").
  publishToPypi: { distName: 'cdk-eks-netkit', module: 'cdk_eks_netkit' },
  publishToMaven: {
    javaPackage: 'io.github.cdkeksnetkit',
    mavenGroupId: 'io.github.cdk-eks-netkit',
    mavenArtifactId: 'cdk-eks-netkit',
  },
  publishToGo: { moduleName: 'github.com/cdk-eks-netkit/cdk-eks-netkit-go', packageName: 'cdkeksnetkit' },
  integrationTestAutoDiscover: false,
  lambdaAutoDiscover: false,

  bin: { 'cdk-eks-netkit': 'lib/cli/main.js' },
  // bin/ holds the reference app, not package executables.
  autoDetectBin: false,
  bundledDeps: ['yaml', 'smol-toml'],
  devDeps: [
    'aws-cdk@2.1148.1',
    'aws-cdk-lib@2.276.0',
    '@aws-cdk/lambda-layer-kubectl-v35@2.2.2',
    // Models generated from the upstream Kubernetes OpenAPI schemas; tests validate rendered manifests with them.
    // The 4.x line: 5.x requires Node 22 and the library supports Node 20.
    'kubernetes-models@4.5.1',
    // Its ObjectMeta model, for the metadata of custom resources (a CRD's schema leaves metadata to the API server).
    '@kubernetes-models/apimachinery@2.2.0',
    // AwsSolutions checks over the reference stacks.
    'cdk-nag@3.0.2',
    // The API baseline (api/baseline/) still names cdk8s.Chart; jsii-diff loads cdk8s to read it. Drop at the next
    // baseline, when the library's API no longer mentions cdk8s anywhere.
    'cdk8s@2.70.0',
    // JSON Schema validation of rendered Karpenter and Auto Mode manifests against their upstream schemas.
    'ajv@6.15.0',
    // Property-based tests: random construct sets and orders, adversarial prop values (seeded, reproducible).
    'fast-check@4.11.0',
  ],

  eslint: true,
  // CI lints what was committed; it must not rewrite files.
  eslintOptions: {
    dirs: ['lib'],
    devdirs: ['test', 'bin', 'examples', 'scripts', 'bench'],
    // One program for every linted file: test/tsconfig.json includes lib/ and the dev folders.
    tsconfigPath: './test/tsconfig.json',
    projectService: false,
    prettier: true,
    commandOptions: { fix: false },
  },
  prettier: true,
  prettierOptions: { settings: { singleQuote: true, printWidth: 120 } },

  jestOptions: {
    jestVersion: '^29',
    updateSnapshot: UpdateSnapshot.NEVER,
    jestConfig: {
      collectCoverage: false,
      // Unit tests synthesize many stacks; aws-cdk-lib's WASM template validator is switched on in one test only.
      setupFiles: ['<rootDir>/test/setup-env.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
      testTimeout: 60_000,
      // jsii compiles lib/*.ts to lib/*.js in place: tests must load the sources, never a stale build.
      moduleFileExtensions: ['ts', 'js', 'json', 'node'],
      // api/baseline/package.json names the package too; jest's module map would report a naming collision.
      modulePathIgnorePatterns: ['<rootDir>/api/'],
    },
  },
});

// jest 30 and eslint-import-resolver-typescript 4 depend on unrs-resolver, whose per-platform optional packages
// not every registry mirror serves; a lock file missing them makes `npm ci` fail. These lines keep both below it.
project.deps.removeDependency('eslint-import-resolver-typescript');
// The peers' development pins (pinnedDevDependency is off so aws-cdk-lib can sit above its peer floor).
project.addDevDeps('constructs@10.5.1');
project.addDevDeps('eslint-import-resolver-typescript@~3.6.3');

// Reference stacks, examples, scripts and benchmarks are type-checked and linted but not compiled by jsii.
project.tsconfigDev.addInclude('../lib/**/*.ts');
project.tsconfigDev.addInclude('../.projenrc.ts');
for (const dir of ['bin', 'examples', 'scripts', 'bench']) {
  project.tsconfigDev.addInclude(`../${dir}/**/*.ts`);
  project.npmignore?.exclude(`/${dir}/`);
}
// The generated instance-type table is one line per type; formatters would only make it longer.
project.eslint?.addIgnorePattern('*.generated.ts');
project.prettier?.addIgnorePattern('*.generated.ts');
project.npmignore?.exclude('/.ci/', '/cdk.json', '/cdk.out/');
// jsii compiles lib/*.ts in place: the package ships the compiled .js and .d.ts, never the sources, which a user's
// compiler or ts-node would otherwise pick over them.
project.npmignore?.exclude('/lib/**/*.ts', '*.tsbuildinfo');
project.npmignore?.include('/lib/**/*.d.ts');
// node_modules without a slash also matches a symlinked node_modules, which `node_modules/` does not.
project.gitignore.exclude('/cdk.out/', '/bench/results/', 'node_modules');

// The tests run real tools: check (and, as root, install) them first, with one message when that is not possible.
project.testTask.prependExec('bash scripts/test-prerequisites.sh');

// The CLI is the package's executable: npm packs the file mode as it finds it.
project.compileTask.exec('chmod +x lib/cli/main.js');

new JsonFile(project, 'cdk.json', {
  obj: {
    app: 'npx ts-node --transpile-only --prefer-ts-exts -P test/tsconfig.json bin/app.ts',
    context: {},
  },
});

project.addTask('gen:instance-types', {
  description: 'Regenerate lib/capacity/instance-types.generated.ts (see scripts/generate-instance-types.ts --help)',
  exec: 'ts-node --transpile-only --prefer-ts-exts -P test/tsconfig.json scripts/generate-instance-types.ts',
  receiveArgs: true,
});
project.addTask('gen:assumptions', {
  description: 'Regenerate docs/assumptions.md from lib/capacity/assumptions.ts',
  exec: 'ts-node --transpile-only --prefer-ts-exts -P test/tsconfig.json scripts/render-assumptions.ts',
});
project.addTask('bench:blueprints', {
  description: 'Benchmark the equivalent eks-blueprints stack (its own folder: it pins another aws-cdk-lib)',
  steps: [
    { exec: 'npm ci --no-audit --no-fund --prefix bench/blueprints' },
    {
      exec: 'ts-node --transpile-only --skip-project -O \'{"module":"commonjs","target":"es2022","esModuleInterop":true}\' bench/blueprints/blueprints.bench.ts',
    },
  ],
});
// The eks-blueprints benchmark resolves its packages from its own folder; the project's tools leave it alone.
project.eslint?.addIgnorePattern('bench/blueprints/');
project.tsconfigDev.addExclude('../bench/blueprints/**');

const bench = project.addTask('bench', { description: 'Run the benchmarks under bench/ and print their figures' });
for (const file of ['max-pods', 'plan', 'synth', 'startup', 'nodegroups']) {
  bench.exec(`ts-node --transpile-only --prefer-ts-exts -P test/tsconfig.json bench/${file}.bench.ts`);
}

// jsii-pacmak's Go build requires the aws-cdk-lib it built against (the development pin); the module states the peer
// floor instead, as the Python and Java packages do (scripts/go-module-floor.sh tidies and builds it).
const packageGo = project.tasks.tryFind('package:go');
packageGo?.reset('jsii-pacmak -v --target go --code-only');
packageGo?.exec('bash scripts/go-module-floor.sh');

// Public API compatibility: jsii-diff against the committed baseline (CONTRIBUTING.md); every break is an error
// unless .compatignore lists it with its reason.
project.addTask('api:check', {
  description: 'Compare the compiled public API (.jsii) with api/baseline/ (run after a jsii compile)',
  exec: 'bash scripts/check-api.sh',
});
project.addTask('api:baseline', {
  description: 'Make the compiled public API the compatibility baseline (at a release; then empty .compatignore)',
  exec: 'bash scripts/update-api-baseline.sh',
});
project.npmignore?.exclude('/api/', '/.compatignore');

// The release build: what `build` does, less the tests. The commit on main already passed .ci/run (the full test
// suite needs root, loop devices and network namespaces that a hosted runner does not give), so the release job
// compiles, checks the public API against the last release, packages every language once into dist/, and the
// publish jobs take their packages from there.
const releaseTask = project.tasks.tryFind('release')!;
releaseTask.reset('rm -fr dist');
releaseTask.spawn(project.tasks.tryFind('bump')!);
for (const name of ['default', 'pre-compile', 'compile', 'post-compile']) {
  releaseTask.spawn(project.tasks.tryFind(name)!);
}
releaseTask.exec('bash scripts/check-api.sh');
releaseTask.spawn(project.tasks.tryFind('package')!);
releaseTask.spawn(project.tasks.tryFind('unbump')!);
releaseTask.exec('git diff --ignore-space-at-eol --exit-code');

project.synth();
