/**
 * What the README promises about an acknowledged finding: `cdk synth` with the project's pinned CLI prints it, as
 * information, with the reason, and synth succeeds (also with --strict, which fails on warnings only). An
 * unacknowledged warning of the same check is printed as a warning. Runs the CLI on a small app in a temp dir.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const CDK = require.resolve('aws-cdk/bin/cdk', { paths: [ROOT] });

/** Synthesize an app whose node group runs on EKS's default CoreDNS (NETKIT-DNS1), acknowledged or not. */
function synth(acknowledge: boolean, ...flags: string[]): { status: number | null; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netkit-ack-'));
  try {
    const app = path.join(dir, 'app.ts');
    fs.writeFileSync(
      app,
      [
        "import { App, Stack } from 'aws-cdk-lib';",
        "import * as eks from 'aws-cdk-lib/aws-eks-v2';",
        `import { NetkitGuardrails, TunedNodegroup } from ${JSON.stringify(path.join(ROOT, 'lib'))};`,
        'const app = new App();',
        "const stack = new Stack(app, 'Ack');",
        "const cluster = new eks.Cluster(stack, 'Cluster', { version: eks.KubernetesVersion.V1_35, defaultCapacity: 0,",
        '  defaultCapacityType: eks.DefaultCapacityType.NODEGROUP });',
        "new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.large'] });",
        'NetkitGuardrails.enable(app);',
        acknowledge
          ? "NetkitGuardrails.acknowledge(stack, 'NETKIT-DNS1', 'DNS tested on this cluster elsewhere');"
          : '',
        'app.synth();',
      ].join('\n'),
    );
    const tsNode = require.resolve('ts-node/dist/bin.js', { paths: [ROOT] });
    const result = spawnSync(
      process.execPath,
      [
        CDK,
        'synth',
        '--quiet',
        ...flags,
        '--output',
        path.join(dir, 'cdk.out'),
        '--app',
        `${process.execPath} ${tsNode} --transpile-only --prefer-ts-exts -P ${path.join(ROOT, 'test', 'tsconfig.json')} ${app}`,
      ],
      {
        cwd: dir,
        encoding: 'utf8',
        // The app sits outside the repository: it finds aws-cdk-lib where the library does.
        env: {
          ...process.env,
          NODE_PATH: path.join(ROOT, 'node_modules'),
          CDK_DISABLE_VERSION_CHECK: '1',
          CDK_VALIDATION: 'false',
        },
        timeout: 300_000,
      },
    );
    return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('an acknowledged finding is printed at synth as information with its reason', () => {
  const { status, output } = synth(true, '--strict');
  expect(status).toBe(0);
  expect(output).toMatch(/INFO \[NETKIT-DNS1\] .*\(acknowledged: DNS tested on this cluster elsewhere\)/);
  expect(output).not.toMatch(/WARNING \[NETKIT-DNS1\]/);
});

test('the same finding unacknowledged is a warning, which --strict turns into a failed synth', () => {
  const { status, output } = synth(false, '--strict');
  expect(output).toMatch(/WARNING \[NETKIT-DNS1\]/);
  expect(status).not.toBe(0);
});
