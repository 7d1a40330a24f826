import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { BaselineClusterStack } from '../../bin/stacks/baseline-cluster-stack';
import { NetkitGuardrails } from '../../lib';
import { launchTemplateUserData, nodeadmDropIns, testApp } from '../util';

describe('the baseline reference stack', () => {
  const template = Template.fromStack(new BaselineClusterStack(testApp(), 'NetkitBaseline'));

  test('is an aws-eks-v2 cluster on Kubernetes 1.35 with a kubectl provider', () => {
    template.hasResourceProperties('AWS::EKS::Cluster', {
      Version: '1.35',
      AccessConfig: { AuthenticationMode: 'API' },
    });
    template.hasResourceProperties('AWS::Lambda::LayerVersion', {
      Description: Match.stringLikeRegexp('kubectl 1\\.35\\.'),
    });
  });

  test('has an AL2023 managed node group with its own launch template', () => {
    template.hasResourceProperties('AWS::EKS::Nodegroup', {
      AmiType: 'AL2023_x86_64_STANDARD',
      InstanceTypes: ['m6i.xlarge', 'm6a.xlarge'],
      LaunchTemplate: Match.objectLike({ Id: Match.anyValue() }),
    });
  });

  test("the node group's max-pods is the calculator's: m6i.xlarge and m6a.xlarge have 4 ENIs × 15 IPv4 → 4 × 14 + 2 = 58", () => {
    const [parts] = launchTemplateUserData(template);
    const [dropIn] = nodeadmDropIns(parts);
    expect(dropIn.spec.kubelet.config).toMatchObject({ maxPods: 58, kubeReserved: { memory: `${11 * 58 + 255}Mi` } });
  });
});

test('the reference app passes the guardrail pack with no error and no warning', () => {
  const app = testApp();
  NetkitGuardrails.enable(app);
  const stack = new BaselineClusterStack(app, 'NetkitBaseline');
  const annotations = Annotations.fromStack(stack);
  expect(annotations.findError('*', Match.anyValue())).toEqual([]);
  expect(annotations.findWarning('*', Match.anyValue())).toEqual([]);
});

describe('aws-cdk-lib built-in CloudFormation validation', () => {
  test('finds nothing in any reference stack', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'netkit-validate-'));
    const previous = process.env.CDK_VALIDATION;
    delete process.env.CDK_VALIDATION;
    try {
      const app = new App({ outdir, builtinCloudFormationValidation: true });
      new BaselineClusterStack(app, 'NetkitBaseline');
      app.synth();
    } finally {
      process.env.CDK_VALIDATION = previous;
    }
    const report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    rmSync(outdir, { recursive: true, force: true });
    const violations = report.pluginReports.flatMap((r: { violations: unknown[] }) => r.violations);
    expect(violations).toEqual([]);
  });
});
