import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { testApp } from './util';
import { addReferenceStacks } from '../bin/reference-app';
import { AutoModeExample } from '../examples/auto-mode';
import { PlainCdkExample } from '../examples/guardrails-on-plain-cdk';
import { NetworkBaselineExample } from '../examples/network-baseline';
import { TunedNodegroupExample } from '../examples/tuned-nodegroup';

/** The cfn-lint version CI installs (test/cfn-lint/requirements.txt); rules change between releases. */
const PINNED = /^cfn-lint==(\S+)$/m.exec(readFileSync(path.join(__dirname, 'cfn-lint/requirements.txt'), 'utf8'))![1];

/**
 * Every cfn-lint finding accepted in a template the project synthesizes, with its reason: the one list. A finding
 * not matched here fails the test; so does an error of any rule.
 */
const ACKNOWLEDGED: Array<{ rule: string; resource: RegExp; reason: string; stack?: string }> = [
  {
    rule: 'W3005',
    resource: /^Cluster[0-9A-F]{8}$/,
    reason:
      "aws-eks-v2's Cluster (aws-cdk-lib) declares DependsOn on the VPC's subnets, which its ResourcesVpcConfig also references; harmless, and not the library's to change",
  },
  {
    rule: 'W3005',
    resource: /^ClusterKubectlProvider(Handler|frameworkonEvent)[0-9A-F]{8}$/,
    reason:
      "aws-cdk-lib's Lambda functions (the kubectl provider aws-eks-v2 creates) depend on their service role, which their Role property also references; harmless, and not the library's to change",
  },
  {
    rule: 'W3010',
    stack: 'NetkitCustomNetworking',
    resource: /^(Vpc(public|nodes)|Pod)Subnet\dSubnet[0-9A-F]{8}$/,
    reason:
      'custom networking names one ENIConfig per Availability Zone, so this reference stack is region-specific by design (README: -c netkit:region) and its subnets name their zones',
  },
];

interface Finding {
  readonly Rule: { readonly Id: string };
  readonly Level: string;
  readonly Message: string;
  readonly Filename: string;
  readonly Location: { readonly Path: Array<string | number> | null };
}

function synthesizeTemplates(): Record<string, string> {
  const app = testApp();
  addReferenceStacks(app);
  new NetworkBaselineExample(app, 'NetworkBaselineExample');
  new TunedNodegroupExample(app, 'TunedNodegroupExample');
  new PlainCdkExample(app, 'PlainCdkExample');
  new AutoModeExample(app, 'AutoModeExample');
  const assembly = app.synth();
  return Object.fromEntries(assembly.stacks.map((s) => [s.stackName, path.join(assembly.directory, s.templateFile)]));
}

describe('cfn-lint over every reference stack and example', () => {
  const templates = synthesizeTemplates();
  let findings: Finding[] = [];

  beforeAll(() => {
    const run = spawnSync('cfn-lint', ['--format', 'json', '--', ...Object.values(templates)], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.error) throw new Error(`cfn-lint could not run (${run.error.message}): pip install cfn-lint==${PINNED}`);
    if (run.status !== 0 && !run.stdout.trim().startsWith('[')) throw new Error(`cfn-lint failed: ${run.stderr}`);
    findings = JSON.parse(run.stdout || '[]');
  });

  test(`cfn-lint is the pinned ${PINNED}`, () => {
    const version = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
    expect(version.error).toBeUndefined();
    expect(version.stdout.trim()).toBe(`cfn-lint ${PINNED}`);
  });

  test.each(Object.keys(templates))('%s: no errors, every warning acknowledged', (stack) => {
    const unacknowledged = findings
      .filter((f) => path.resolve(f.Filename) === path.resolve(templates[stack]))
      .filter(
        (f) =>
          f.Level === 'Error' ||
          !ACKNOWLEDGED.some(
            (a) =>
              a.rule === f.Rule.Id &&
              (a.stack ?? stack) === stack &&
              a.resource.test(String(f.Location.Path?.[1] ?? '')),
          ),
      )
      .map((f) => `${f.Rule.Id} ${f.Location.Path?.join('/')}: ${f.Message}`);
    expect(unacknowledged).toEqual([]);
  });

  test('every acknowledgement still matches a finding', () => {
    for (const a of ACKNOWLEDGED) {
      expect(findings.some((f) => f.Rule.Id === a.rule && a.resource.test(String(f.Location.Path?.[1] ?? '')))).toBe(
        true,
      );
    }
  });
});
