/**
 * Start-up: requiring the package loads neither the YAML and TOML libraries nor the instance-type table; each is
 * loaded when first needed. Checked in a fresh process (jest's module registry is not Node's), on the sources (ts-node, preferring .ts to any compiled .js), by what Node's module
 * cache holds after `require`. The figures are bench/startup.bench.ts's.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..');

/** The heavy modules in Node's module cache after running `script` in a fresh process with the package at `lib`. */
function loadedAfter(script: string): string[] {
  const program = `
    const lib = require(${JSON.stringify(path.join(ROOT, 'lib'))});
    ${script}
    const heavy = { yaml: /[\\\\/]node_modules[\\\\/]yaml[\\\\/]/, 'smol-toml': /[\\\\/]node_modules[\\\\/]smol-toml[\\\\/]/,
      'instance-type table': /instance-types\\.generated\\.[jt]s$/ };
    const loaded = Object.keys(require.cache);
    console.log(JSON.stringify(Object.keys(heavy).filter((name) => loaded.some((file) => heavy[name].test(file)))));`;
  const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', program], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      ...process.env,
      CDK_VALIDATION: 'false',
      TS_NODE_PREFER_TS_EXTS: 'true',
      TS_NODE_PROJECT: path.join(ROOT, 'test', 'tsconfig.json'),
    },
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout.trim().split('\n').pop()!);
}

test('requiring the package loads none of them', () => {
  expect(loadedAfter('')).toEqual([]);
});

test('a max-pods calculation loads the instance-type table only', () => {
  expect(loadedAfter("if (lib.MaxPods.calculate('m5.large').maxPods !== 29) throw new Error('m5.large');")).toEqual([
    'instance-type table',
  ]);
});

const NODE_GROUP = (nodeImage: string) => `
  const cdk = require('aws-cdk-lib');
  const eks = require('aws-cdk-lib/aws-eks-v2');
  const app = new cdk.App();
  const stack = new cdk.Stack(app, 'S');
  const cluster = new eks.Cluster(stack, 'C', { version: eks.KubernetesVersion.V1_35, defaultCapacity: 0,
    defaultCapacityType: eks.DefaultCapacityType.NODEGROUP });
  new lib.TunedNodegroup(stack, 'N', { cluster, instanceTypes: ['m6g.large'], nodeImage: lib.NodeImage.${nodeImage} });
  app.synth();`;

test('an AL2023 node group loads the YAML library (its NodeConfig) and the table, not the TOML library', () => {
  expect(loadedAfter(NODE_GROUP('AL2023')).sort()).toEqual(['instance-type table', 'yaml']);
});

test('a Bottlerocket node group loads the TOML library (its settings) and the table', () => {
  expect(loadedAfter(NODE_GROUP('BOTTLEROCKET'))).toEqual(expect.arrayContaining(['smol-toml', 'instance-type table']));
});
