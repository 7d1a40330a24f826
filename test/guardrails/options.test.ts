import { App, Stack, Stage } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { findings } from './fixtures';
import { NetkitGuardrails, NetworkBaseline, TunedNodegroup } from '../../lib';
import { testCluster } from '../fixtures/cluster';
import { testApp } from '../util';

/**
 * 2 → 150 m5.xlarge nodes: 444 AttachNetworkInterface calls, (444 − 50) ÷ 5 = 78.8 → 79 s of throttling: over the
 * default 60 s budget of NETKIT-API1, within 90 s.
 */
function scaleUp(app: App, order: 'baseline first' | 'enable first', options = { ec2ApiBurstSeconds: 90 }) {
  if (order === 'enable first') NetkitGuardrails.enable(app, options);
  const { stack, cluster } = testCluster({ app });
  new NetworkBaseline(stack, 'Baseline', { cluster, observability: false, nodeLocalDns: false });
  new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.xlarge'], minSize: 2, maxSize: 150 });
  if (order === 'baseline first') NetkitGuardrails.enable(app, options);
  return stack;
}

describe('guardrail options have one home', () => {
  test.each(['baseline first', 'enable first'] as const)(
    "NetworkBaseline's guardrails judge with the app's options (%s)",
    (order) => {
      const stack = scaleUp(testApp(), order);
      expect(findings(stack, 'NETKIT-API1')).toEqual([]);
    },
  );

  test('without options from the app, the baseline runs the pack with its defaults, once', () => {
    const app = testApp();
    const { stack, cluster } = testCluster({ app });
    new NetworkBaseline(stack, 'Baseline', { cluster, observability: false, nodeLocalDns: false });
    new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.xlarge'], minSize: 2, maxSize: 150 });
    expect(findings(stack, 'NETKIT-API1')).toEqual([expect.stringMatching(/at least 79 s for them \(budget 60 s\)/)]);
  });

  test('enable() twice with the same options runs one pack (no finding twice)', () => {
    const app = testApp();
    NetkitGuardrails.enable(app, { ec2ApiBurstSeconds: 30 });
    const { stack, cluster } = testCluster({ app });
    expect(NetkitGuardrails.enable(app, { ec2ApiBurstSeconds: 30 })).toBe(
      NetkitGuardrails.enable(app, { ec2ApiBurstSeconds: 30 }),
    );
    NetkitGuardrails.enable(stack, { ec2ApiBurstSeconds: 30 });
    new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.xlarge'], minSize: 2, maxSize: 150 });
    expect(findings(stack, 'NETKIT-API1')).toHaveLength(1);
  });

  test('enable() again with other options is an error naming both, in either order', () => {
    const app = testApp();
    NetkitGuardrails.enable(app, { ec2ApiBurstSeconds: 90 });
    const stack = new Stack(app, 'Test');
    expect(() => NetkitGuardrails.enable(stack, { ec2ApiBurstSeconds: 30 })).toThrow(
      /NetkitGuardrails is enabled twice over Test with different options: ec2ApiBurstSeconds 90 at \(the app\) and ec2ApiBurstSeconds 30 at Test\./,
    );

    // The other order: the stack's pack first, the app's after; an error on the stack (cdk synth fails), no checks.
    const later = testApp();
    const { stack: inner } = testCluster({ app: later });
    NetkitGuardrails.enable(inner, { ec2ApiBurstSeconds: 30 });
    NetkitGuardrails.enable(later, { ec2ApiBurstSeconds: 90 });
    const errors = Annotations.fromStack(inner)
      .findError('*', Match.anyValue())
      .map((m) => String(m.entry.data));
    expect(errors).toEqual([
      expect.stringMatching(
        /^\[NETKIT-FACTS\] NetkitGuardrails is enabled twice over Test with different options: ec2ApiBurstSeconds 90 at \(the app\) and ec2ApiBurstSeconds 30 at Test/,
      ),
    ]);
  });

  test('ec2ApiLimits are options too: other limits are an error, the same ones in another order are not', () => {
    const small = { bucketMaximumCapacity: 10, bucketRefillRate: 1 };
    const large = { bucketMaximumCapacity: 200, bucketRefillRate: 10 };
    const app = testApp();
    NetkitGuardrails.enable(app);
    // Dropping the limits silently would judge API1 with AWS's defaults instead of the account's.
    expect(() => NetkitGuardrails.enable(app, { ec2ApiLimits: { CreateNetworkInterface: small } })).toThrow(
      /enabled twice over the app with different options: ec2ApiLimits \{\} at \(the app\) and ec2ApiLimits \{"CreateNetworkInterface": \{"bucketMaximumCapacity": 10, "bucketRefillRate": 1\}\} at \(the app\)/,
    );

    const other = testApp();
    const pack = NetkitGuardrails.enable(other, {
      ec2ApiLimits: { CreateNetworkInterface: small, AttachNetworkInterface: large },
    });
    expect(
      NetkitGuardrails.enable(other, {
        ec2ApiLimits: { AttachNetworkInterface: large, CreateNetworkInterface: small },
      }),
    ).toBe(pack);
    expect(() =>
      NetkitGuardrails.enable(other, {
        ec2ApiLimits: { AttachNetworkInterface: large, CreateNetworkInterface: { ...small, bucketRefillRate: 2 } },
      }),
    ).toThrow(/enabled twice over the app/);
  });

  test('enabled twice on the app: the error reads "the app", with no empty construct path before it', () => {
    const app = testApp();
    NetkitGuardrails.enable(app, { ec2ApiBurstSeconds: 120 });
    expect(() => NetkitGuardrails.enable(app, { ec2ApiBurstSeconds: 60 })).toThrow(
      /^NetkitGuardrails is enabled twice over the app with different options/,
    );
  });
});

describe('stages: CDK synthesizes each with only its own aspects', () => {
  /** A node group scaling 2 → 150 in a stage of the app: NETKIT-API1 warns at the default budget. */
  function stagedScaleUp(stage: Stage) {
    const { stack, cluster } = testCluster({ app: stage as App });
    new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.xlarge'], minSize: 2, maxSize: 150 });
    return stack;
  }

  test("a pack enabled on the app after the stage exists checks the stage's stacks, with the app's options", () => {
    const app = testApp();
    const stack = stagedScaleUp(new Stage(app, 'Prod'));
    NetkitGuardrails.enable(app, { ec2ApiBurstSeconds: 70 });
    expect(findings(stack, 'NETKIT-API1')).toEqual([expect.stringMatching(/at least 79 s for them \(budget 70 s\)/)]);
  });

  test('a stage created after enable(app) stops synth instead of going unchecked', () => {
    const app = testApp();
    NetkitGuardrails.enable(app);
    stagedScaleUp(new Stage(app, 'Late'));
    expect(() => app.synth()).toThrow(
      /^NetkitGuardrails.enable\(app\) does not reach stack Late\/Test: its stage Late was created after enable\(\).*NetkitGuardrails.enable\(stage\) in each stage$/,
    );
  });

  test("NetworkBaseline in a stage created after enable(app) runs the pack there with the app's options", () => {
    const app = testApp();
    NetkitGuardrails.enable(app, { ec2ApiBurstSeconds: 90 });
    const stage = new Stage(app, 'Prod');
    const stack = stagedScaleUp(stage);
    const cluster = stack.node.findChild('Cluster') as any;
    new NetworkBaseline(stack, 'Baseline', { cluster, observability: false, nodeLocalDns: false });
    // The pack ran (it says what it could not check about the fixture's imported subnets), judging with 90 s.
    expect(findings(stack, 'NETKIT-FACTS')).toEqual([expect.stringMatching(/the CIDRs of subnet\(s\) subnet-a/)]);
    expect(findings(stack, 'NETKIT-API1')).toEqual([]);
  });
});

describe('NetworkBaseline: options for a part that is off are refused, not ignored', () => {
  test.each([
    ['kubeProxy', { kubeProxy: false, kubeProxyOptions: {} }],
    ['coreDns', { coreDns: false, coreDnsOptions: { replicas: 3 } }],
    ['nodeLocalDns', { nodeLocalDns: false, nodeLocalDnsOptions: {} }],
    ['observability', { observability: false, observabilityOptions: {} }],
  ])('%sOptions while the part is off', (part, props) => {
    const { stack, cluster } = testCluster();
    expect(() => new NetworkBaseline(stack, 'Baseline', { cluster, ...props })).toThrow(
      new RegExp(
        `Test/Baseline: ${part}Options is set, but ${part} is false, so the options would be ignored; drop ${part}Options, or set ${part} to true`,
      ),
    );
  });
});
