import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addReferenceStacks } from '../../bin/reference-app';
import { AutoModeStack } from '../../bin/stacks/auto-mode-stack';
import { BaselineClusterStack } from '../../bin/stacks/baseline-cluster-stack';
import { CustomNetworkingStack } from '../../bin/stacks/custom-networking-stack';
import { Ipv6ClusterStack } from '../../bin/stacks/ipv6-cluster-stack';
import { smallestFittingPrefixLength } from '../../lib/capacity/ip-planner';
import { PodNetworking } from '../../lib/capacity/pod-networking';
import { placement } from '../automode/schedulable';
import { launchTemplateUserData, nodeadmDropIns, testApp } from '../util';

describe('the baseline reference stack', () => {
  const stack = new BaselineClusterStack(testApp(), 'NetkitBaseline');
  const template = Template.fromStack(stack);

  test('is an aws-eks-v2 cluster on Kubernetes 1.35 with the v35 kubectl layer', () => {
    template.hasResourceProperties('AWS::EKS::Cluster', {
      Version: '1.35',
      AccessConfig: { AuthenticationMode: 'API' },
    });
    template.hasResourceProperties('AWS::Lambda::LayerVersion', {
      Description: Match.stringLikeRegexp('kubectl 1\\.35\\.'),
    });
  });

  test('has its private subnets sized by the planner: 30 nodes holding 60 IPs each over 2 AZs need a /22', () => {
    // 15 nodes per subnet × 60 = 900: a /23 (507 usable) is too small, a /22 (1,019) holds them.
    const cidrs = Object.values(template.findResources('AWS::EC2::Subnet')).map(
      (s) => s.Properties.CidrBlock as string,
    );
    expect(cidrs.filter((c) => c.endsWith('/22'))).toHaveLength(stack.availabilityZones.length);
  });

  test("the node group's max-pods is the calculator's: m6i.xlarge and m6a.xlarge have 4 ENIs × 15 IPv4 → 58", () => {
    const [parts] = launchTemplateUserData(template);
    expect(nodeadmDropIns(parts)[0].spec.kubelet.config).toMatchObject({
      maxPods: 58,
      kubeReserved: { memory: `${11 * 58 + 255}Mi` },
    });
  });
});

describe('the IPv6 reference stack', () => {
  const stack = new Ipv6ClusterStack(testApp(), 'NetkitIpv6');
  const template = Template.fromStack(stack);

  test('is an IPv6 aws-eks-v2 cluster in a dual-stack VPC whose subnets give nodes IPv6 addresses', () => {
    template.hasResourceProperties('AWS::EKS::Cluster', { KubernetesNetworkConfig: { IpFamily: 'ipv6' } });
    const subnets = Object.values(template.findResources('AWS::EC2::Subnet'));
    expect(subnets.length).toBeGreaterThan(0);
    for (const subnet of subnets) {
      expect(subnet.Properties.AssignIpv6AddressOnCreation).toBe(true);
      expect(subnet.Properties.Ipv6CidrBlock).toBeDefined();
    }
  });

  test('runs the VPC CNI in IPv6 mode with prefix delegation on', () => {
    const [addon] = Object.values(template.findResources('AWS::EKS::Addon', { Properties: { AddonName: 'vpc-cni' } }));
    const text = JSON.stringify(addon.Properties.ConfigurationValues);
    expect(text).toContain('\\"ENABLE_PREFIX_DELEGATION\\":\\"true\\"');
    expect(text).toContain('\\"ENABLE_IPv6\\":\\"true\\"');
  });

  test("the node group's max pods is the IPv6 value: 4 ENIs × 14 × 16 + 2 = 898, capped at 110 (4 vCPUs)", () => {
    const [parts] = launchTemplateUserData(template);
    expect(nodeadmDropIns(parts)[0].spec.kubelet.config).toMatchObject({
      maxPods: 110,
      kubeReserved: { memory: `${11 * 110 + 255}Mi` },
    });
  });

  test('runs NodeLocal DNSCache at fd00::10 and on the kube-dns address EKS derives from its service range', () => {
    const manifests = Object.values(template.findResources('Custom::AWSCDK-EKS-KubernetesResource'));
    const nodeLocal = manifests.find((m) => JSON.stringify(m.Properties.Manifest).includes('k8s-dns-node-cache'));
    const text = JSON.stringify(nodeLocal?.Properties.Manifest);
    // -localip fd00::10,<prefix of KubernetesNetworkConfig.ServiceIpv6Cidr>a: resolved by CloudFormation at deploy.
    expect(text).toContain('fd00::10,');
    expect(text).toContain('KubernetesNetworkConfig.ServiceIpv6Cidr');
    expect(text).not.toContain('169.254.20.10');
  });

  test('private subnets are /24s, though the planner fits 30 IPv6 nodes (one IPv4 each) in a /27 per AZ', () => {
    // 15 nodes per subnet: a /28 (11 usable) is too small, a /27 (27) holds them.
    const azs = stack.availabilityZones.length;
    expect(
      smallestFittingPrefixLength(
        azs,
        [{ name: 'w', instanceTypes: ['m6i.xlarge', 'm6a.xlarge'], minSize: 3, maxSize: 30 }],
        PodNetworking.ipv6(),
      ),
    ).toBe(27);
    const cidrs = Object.values(template.findResources('AWS::EC2::Subnet')).map((s) => s.Properties.CidrBlock);
    expect(cidrs.filter((c: string) => c.endsWith('/24'))).toHaveLength(2 * azs);
  });
});

test('custom networking: one ENIConfig subnet per AZ in the secondary CIDR, and max-pods for two reserved ENIs', () => {
  const stack = new CustomNetworkingStack(testApp(), 'NetkitCustomNetworking', { region: 'eu-west-1' });
  const template = Template.fromStack(stack);
  const [addon] = Object.values(template.findResources('AWS::EKS::Addon', { Properties: { AddonName: 'vpc-cni' } }));
  const config = addon.Properties.ConfigurationValues['Fn::Join'][1]
    .map((p: unknown) => (typeof p === 'string' ? p : '"TOKEN"'))
    .join('');
  expect(Object.keys(JSON.parse(config.replace(/""TOKEN""/g, '"TOKEN"')).eniConfig.subnets)).toEqual([
    'eu-west-1a',
    'eu-west-1b',
    'eu-west-1c',
  ]);
  // m6i.2xlarge: 4 ENIs, minus custom networking and the trunk: 2 × 14 + 2 = 30.
  expect(nodeadmDropIns(launchTemplateUserData(template)[0])[0].spec.kubelet.config.maxPods).toBe(30);
});

describe('every reference stack', () => {
  test('passes the guardrails with no error and no warning', () => {
    for (const stack of addReferenceStacks(testApp())) {
      const annotations = Annotations.fromStack(stack);
      expect({ stack: stack.stackName, errors: annotations.findError('*', Match.anyValue()) }).toEqual({
        stack: stack.stackName,
        errors: [],
      });
      expect({ stack: stack.stackName, warnings: annotations.findWarning('*', Match.anyValue()) }).toEqual({
        stack: stack.stackName,
        warnings: [],
      });
    }
  });

  test('passes cdk-nag AwsSolutions and aws-cdk-lib built-in CloudFormation validation with no unacknowledged finding', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'netkit-validate-'));
    const previous = process.env.CDK_VALIDATION;
    delete process.env.CDK_VALIDATION;
    try {
      const app = new App({ outdir, builtinCloudFormationValidation: true, stackTraces: false });
      addReferenceStacks(app);
      // A canary the checks must flag, so a silent cdk-nag cannot pass this test.
      new sns.Topic(new Stack(app, 'Canary'), 'Unencrypted');
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
      expect(() => app.synth()).toThrow(/ValidationFailed|AwsSolutions/);
      const report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
      const violations = report.pluginReports.flatMap((r: { violations: any[] }) => r.violations);
      const paths = violations.flatMap((v: any) =>
        (v.violatingConstructs ?? v.violatingResources ?? []).map(
          (r: any) => `${v.ruleName} ${r.constructPath ?? r.templatePath}`,
        ),
      );
      expect(paths.length).toBeGreaterThan(0);
      expect(paths.filter((p: string) => !/Canary/.test(p))).toEqual([]);
    } finally {
      process.env.CDK_VALIDATION = previous;
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('keeps its logical IDs: renaming one replaces a resource on deploy', () => {
    const ids = Object.fromEntries(
      addReferenceStacks(testApp()).map((stack: Stack) => {
        const resources = Template.fromStack(stack).toJSON().Resources as Record<string, { Type: string }>;
        return [
          stack.stackName,
          Object.entries(resources)
            .map(([id, r]) => `${id} ${r.Type}`)
            .sort(),
        ];
      }),
    );
    expect(ids).toMatchSnapshot();
  });
});

describe('the Auto Mode reference stack', () => {
  const stack = new AutoModeStack(testApp(), 'NetkitAutoMode');
  const template = Template.fromStack(stack);
  const manifests = Object.values(template.findResources('Custom::AWSCDK-EKS-KubernetesResource')).map((r) =>
    JSON.stringify(r.Properties.Manifest).replace(/\\/g, ''),
  );

  test('is a mixed cluster: Auto Mode compute with the system pool, a custom NodeClass and NodePool, a tuned node group', () => {
    template.hasResourceProperties('AWS::EKS::Cluster', {
      Version: '1.35',
      ComputeConfig: Match.objectLike({ Enabled: true, NodePools: ['system'] }),
    });
    expect(manifests.filter((m) => /"apiVersion":"eks.amazonaws.com\/v1","kind":"NodeClass"/.test(m))).toHaveLength(1);
    expect(
      manifests.filter((m) =>
        /"kind":"NodePool".*"group":"eks\.amazonaws\.com","kind":"NodeClass","name":"general"/.test(m),
      ),
    ).toHaveLength(1);
    template.resourceCountIs('AWS::EKS::Nodegroup', 1);
    template.hasResourceProperties('AWS::EKS::AccessEntry', { Type: 'EC2' });
  });

  test('the NodeClass carries boot-safe ephemeral storage', () => {
    const [nodeClass] = manifests.filter((m) => /"apiVersion":"eks.amazonaws.com\/v1","kind":"NodeClass"/.test(m));
    expect(nodeClass).toMatch(/"ephemeralStorage":\{"size":"100Gi","iops":3000,"throughput":250\}/);
  });

  test('places each DaemonSet it applies: NodeLocal DNSCache off Auto Mode nodes, node_exporter on every EC2 node', () => {
    const daemonSets = Object.values(template.findResources('Custom::AWSCDK-EKS-KubernetesResource'))
      .map((r) => r.Properties.Manifest)
      .filter((m): m is string => typeof m === 'string')
      .flatMap((m) => JSON.parse(m) as Array<Record<string, any>>)
      .filter((o) => o.kind === 'DaemonSet');
    const placed = Object.fromEntries(
      daemonSets.map((d) => [d.metadata.name, placement(d.spec.template.spec.affinity)]),
    );
    expect(placed).toEqual({
      'node-local-dns': { managed: true, auto: false, fargate: false, hybrid: false },
      'netkit-node-exporter': { managed: true, auto: true, fargate: false, hybrid: false },
    });
  });
});
