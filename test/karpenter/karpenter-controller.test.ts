import { Lazy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  ClusterNetworkingContext,
  KarpenterController,
  KarpenterControllerProps,
  PodNetworking,
  VpcCni,
} from '../../lib';
import { importedTestCluster, podSubnets, testCluster } from '../fixtures/cluster';

/** A CloudFormation string with each deploy-time part written as {Ref:X} or {GetAtt:X.Y}, parsed as JSON. */
function valuesOf(stack: Stack): any {
  const [chart] = Object.values(Template.fromStack(stack).findResources('Custom::AWSCDK-EKS-HelmChart'));
  const values = chart.Properties.Values;
  const text =
    typeof values === 'string'
      ? values
      : values['Fn::Join'][1]
          .map((p: any) =>
            typeof p === 'string' ? p : p.Ref ? `{Ref:${p.Ref}}` : `{GetAtt:${p['Fn::GetAtt'].join('.')}}`,
          )
          .join('');
  return { chart: chart.Properties, values: JSON.parse(text) };
}

function controller(props: Partial<KarpenterControllerProps> = {}, clusterProps: Partial<eks.ClusterProps> = {}) {
  const { stack, cluster } = testCluster({ clusterProps });
  const construct = new KarpenterController(stack, 'Karpenter', { cluster, ...props });
  return { stack, cluster, construct, template: () => Template.fromStack(stack) };
}

const logicalId = (stack: Stack, construct: { node: { defaultChild?: any } }) =>
  stack.getLogicalId(construct.node.defaultChild);

describe('the Helm chart', () => {
  test('Karpenter 1.15.2 from the public ECR chart on Kubernetes 1.35, with the queue, cluster and service account wired', () => {
    // Karpenter's compatibility matrix: 1.15 supports Kubernetes 1.26 to 1.37, so it is the newest release for 1.35.
    const { stack, construct } = controller();
    const { chart, values } = valuesOf(stack);
    expect(chart).toMatchObject({
      Chart: 'karpenter',
      Repository: 'oci://public.ecr.aws/karpenter/karpenter',
      Version: '1.15.2',
      Namespace: 'kube-system',
    });
    const queue = logicalId(stack, construct.interruptionQueue);
    expect(values.settings).toEqual({
      clusterName: expect.stringMatching(/^\{Ref:Cluster/),
      interruptionQueue: `{GetAtt:${queue}.QueueName}`,
      reservedENIs: '0',
    });
    expect(values.serviceAccount).toEqual({ name: 'karpenter' });
    expect(construct.version).toBe('1.15.2');
  });

  test.each([
    ['secondary IPs', PodNetworking.secondaryIps(), '0'],
    ['security groups for pods (the trunk ENI)', PodNetworking.secondaryIps({ securityGroupsForPods: true }), '1'],
    ['custom networking (the primary ENI)', PodNetworking.secondaryIps({ customNetworking: true }), '1'],
    [
      'prefix delegation with custom networking and security groups for pods',
      PodNetworking.prefixDelegation({ customNetworking: true, securityGroupsForPods: true }),
      '2',
    ],
  ])('settings.reservedENIs follows the VpcCni mode: %s → %s', (_, podNetworking, reserved) => {
    const { stack, cluster } = testCluster();
    // The controller first, the add-on after: the value is read at synth.
    new KarpenterController(stack, 'Karpenter', { cluster });
    new VpcCni(stack, 'VpcCni', {
      cluster,
      podNetworking,
      ...(podNetworking.customNetworking ? { customNetworkingSubnets: podSubnets(stack) } : {}),
    });
    expect(valuesOf(stack).values.settings.reservedENIs).toBe(reserved);
  });

  test('the NodeClassCEL gate goes to settings.awsFeatureGates', () => {
    const { stack } = controller({ nodeClassCel: true });
    expect(valuesOf(stack).values.settings.awsFeatureGates).toEqual({ nodeClassCEL: true });
  });

  test('helm values are merged, but the construct keeps what it wires', () => {
    const { stack } = controller({ helmValues: { replicas: 3, settings: { batchIdleDuration: '2s' } } });
    const { values } = valuesOf(stack);
    expect(values.replicas).toBe(3);
    expect(values.settings.batchIdleDuration).toBe('2s');
    expect(values.settings.reservedENIs).toBe('0');
  });

  test('the chart is installed after the Pod Identity association, which waits for the agent add-on', () => {
    const { stack, construct } = controller();
    const template = Template.fromStack(stack);
    const [chartId] = Object.keys(template.findResources('Custom::AWSCDK-EKS-HelmChart'));
    const [associationId] = Object.keys(template.findResources('AWS::EKS::PodIdentityAssociation'));
    const [agentId] = Object.keys(
      template.findResources('AWS::EKS::Addon', { Properties: { AddonName: 'eks-pod-identity-agent' } }),
    );
    const resources = template.toJSON().Resources;
    expect(resources[chartId].DependsOn).toContain(associationId);
    expect(resources[associationId].DependsOn).toContain(agentId);
    expect(construct.chart).toBeDefined();
  });
});

describe('IAM through EKS Pod Identity', () => {
  test('the association binds the chart service account to the controller role', () => {
    const { stack, construct, template } = controller();
    template().hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
      Namespace: 'kube-system',
      ServiceAccount: 'karpenter',
      RoleArn: { 'Fn::GetAtt': [logicalId(stack, construct.controllerRole), 'Arn'] },
    });
    template().hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: ['sts:AssumeRole', 'sts:TagSession'],
            Effect: 'Allow',
            Principal: { Service: 'pods.eks.amazonaws.com' },
          },
        ],
      },
    });
  });

  test('the controller may read the interruption queue and pass the node role to EC2 only', () => {
    const { stack, construct, template } = controller();
    const role = template().toJSON().Resources[logicalId(stack, construct.controllerRole)];
    const statements = role.Properties.Policies[0].PolicyDocument.Statement;
    const bySid = (sid: string) => statements.find((s: any) => s.Sid === sid);
    expect(bySid('ReadInterruptionQueue')).toMatchObject({
      Action: ['sqs:DeleteMessage', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
      Resource: { 'Fn::GetAtt': [logicalId(stack, construct.interruptionQueue), 'Arn'] },
    });
    expect(bySid('PassNodeRoles')).toMatchObject({
      Action: 'iam:PassRole',
      Resource: { 'Fn::GetAtt': [logicalId(stack, construct.nodeRole as iam.Role), 'Arn'] },
      Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
    });
    // Every write to EC2 is scoped by a tag condition or to shared, read-only launch inputs.
    const writes = statements.filter((s: any) =>
      [s.Action].flat().some((a: string) => /^ec2:(Create|Run|Terminate|Delete)/.test(a)),
    );
    for (const s of writes.filter((w: any) => w.Sid !== 'LaunchFromSharedResources')) {
      expect(JSON.stringify(s.Condition)).toMatch(/eks:eks-cluster-name/);
    }
  });
});

describe('the interruption queue', () => {
  test('is encrypted, keeps events five minutes and refuses plain HTTP', () => {
    const { template } = controller();
    template().hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 300, SqsManagedSseEnabled: true });
    const [policy] = Object.values(template().findResources('AWS::SQS::QueuePolicy'));
    const statements = policy.Properties.PolicyDocument.Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    // EventBridge delivers the events, each rule only for itself; nobody else may send.
    const senders = statements.filter(
      (st: any) => st.Effect === 'Allow' && [st.Action].flat().includes('sqs:SendMessage'),
    );
    const rules = Object.keys(template().findResources('AWS::Events::Rule'));
    expect(senders).toHaveLength(rules.length);
    for (const st of senders) {
      expect(st.Principal).toEqual({ Service: 'events.amazonaws.com' });
      expect(rules).toContain(st.Condition.ArnEquals['aws:SourceArn']['Fn::GetAtt'][0]);
    }
  });

  test('receives the five event kinds Karpenter handles, from EventBridge', () => {
    const { stack, construct, template } = controller();
    const rules = Object.values(template().findResources('AWS::Events::Rule'));
    const queueArn = { 'Fn::GetAtt': [logicalId(stack, construct.interruptionQueue), 'Arn'] };
    expect(
      rules
        .map((r) => r.Properties.EventPattern)
        .sort((a, b) => a['detail-type'][0].localeCompare(b['detail-type'][0])),
    ).toEqual([
      { source: ['aws.health'], 'detail-type': ['AWS Health Event'] },
      { source: ['aws.ec2'], 'detail-type': ['EC2 Capacity Reservation Instance Interruption Warning'] },
      { source: ['aws.ec2'], 'detail-type': ['EC2 Instance Rebalance Recommendation'] },
      { source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'] },
      { source: ['aws.ec2'], 'detail-type': ['EC2 Spot Instance Interruption Warning'] },
    ]);
    for (const rule of rules) expect(rule.Properties.Targets).toEqual([expect.objectContaining({ Arn: queueArn })]);
  });
});

describe('the node role', () => {
  test("gets an EC2_LINUX access entry and the getting-started template's managed policies", () => {
    const { stack, construct, template } = controller();
    template().hasResourceProperties('AWS::EKS::AccessEntry', {
      PrincipalArn: { 'Fn::GetAtt': [logicalId(stack, construct.nodeRole as iam.Role), 'Arn'] },
      Type: 'EC2_LINUX',
    });
    const role = template().toJSON().Resources[logicalId(stack, construct.nodeRole as iam.Role)];
    const policies = role.Properties.ManagedPolicyArns.map((p: any) => p['Fn::Join'][1][2]);
    expect(policies.sort()).toEqual([
      ':iam::aws:policy/AmazonEC2ContainerRegistryPullOnly',
      ':iam::aws:policy/AmazonEKSWorkerNodePolicy',
      ':iam::aws:policy/AmazonEKS_CNI_Policy',
      ':iam::aws:policy/AmazonSSMManagedInstanceCore',
    ]);
  });

  test('a given role is used, and gets the access entry', () => {
    const { stack, cluster } = testCluster();
    const nodeRole = iam.Role.fromRoleArn(stack, 'Mine', 'arn:aws:iam::111111111111:role/nodes');
    const construct = new KarpenterController(stack, 'Karpenter', { cluster, nodeRole });
    expect(construct.nodeRole).toBe(nodeRole);
    Template.fromStack(stack).hasResourceProperties('AWS::EKS::AccessEntry', {
      PrincipalArn: 'arn:aws:iam::111111111111:role/nodes',
      Type: 'EC2_LINUX',
    });
  });
});

describe('versions', () => {
  test('Kubernetes 1.37 gets Karpenter 1.15.2; 1.14 does not support it', () => {
    expect(controller({}, { version: eks.KubernetesVersion.V1_37 }).construct.version).toBe('1.15.2');
    expect(() => controller({ version: '1.14.3' }, { version: eks.KubernetesVersion.V1_37 })).toThrow(
      /version: Karpenter 1\.14\.3 supports Kubernetes 1\.26 to 1\.36, not 1\.37; use 1\.15\.2/,
    );
  });

  test('an older release the matrix allows is installed as given', () => {
    const { stack } = controller({ version: '1.14.3' });
    expect(valuesOf(stack).chart.Version).toBe('1.14.3');
  });

  test('an imported cluster needs its Kubernetes version or a release', () => {
    const { stack, cluster } = importedTestCluster();
    // It says how its pods get IPs, so the reservation is known.
    ClusterNetworkingContext.of(cluster).declare({ podNetworking: PodNetworking.secondaryIps() });
    expect(() => new KarpenterController(stack, 'Karpenter', { cluster })).toThrow(
      /Kubernetes version of cluster Test\/Cluster is unknown .* pass kubernetesVersion \(e\.g\. 1\.35\) or version/,
    );
    const given = new KarpenterController(stack, 'Given', { cluster, kubernetesVersion: '1.36' });
    expect(given.version).toBe('1.15.2');
  });
});

describe('bad input gets a clear error', () => {
  test.each<[string, Partial<KarpenterControllerProps>, RegExp]>([
    ['a version that is not X.Y.Z', { version: 'latest' }, /version \('latest'\) is not a Karpenter release X\.Y\.Z/],
    [
      'a release before 1.0 (v1beta1)',
      { version: '0.37.0' },
      /Test\/Karpenter: version \('0\.37\.0'\) is a Karpenter release before 1\.0, .*; upgrade Karpenter to 1\.x/,
    ],
    [
      'the CEL gate on a release without it',
      { version: '1.14.3', nodeClassCel: true },
      /nodeClassCel needs Karpenter 1\.15\.0 or later, but version is 1\.14\.3/,
    ],
    [
      'a value the construct owns',
      { helmValues: { settings: { reservedENIs: '1' } } },
      /helmValues\.settings\.reservedENIs is set by KarpenterController/,
    ],
    [
      'a namespace that is no DNS label',
      { namespace: 'Kube_System' },
      /namespace \('Kube_System'\) is not a DNS label/,
    ],
    // Every prop's rule is checked: none of these once gave more than a TypeError, or was silently rendered.
    ['a leading v on the release', { version: 'v1.15.2' }, /version \('v1\.15\.2'\) .*; drop the v: '1\.15\.2'/],
    ['a token release', { version: Lazy.string({ produce: () => '1.15.2' }) }, /version \(a deploy-time token\)/],
    [
      'a number for the Kubernetes minor',
      { kubernetesVersion: 1.35 as any },
      /kubernetesVersion \(1\.35\) is a number, not text/,
    ],
    [
      'a token Kubernetes minor',
      { kubernetesVersion: Lazy.string({ produce: () => '1.35' }) },
      /kubernetesVersion \(a deploy-time token\)/,
    ],
    [
      "the gate as the string 'false'",
      { nodeClassCel: 'false' as any },
      /nodeClassCel \('false'\) is a string, not true or false/,
    ],
    [
      'a role ARN for nodeRole',
      { nodeRole: 'arn:aws:iam::123456789012:role/n' as any },
      /nodeRole \('arn:aws:iam::.*'\) is not an IAM role/,
    ],
    [
      'Helm values as YAML text',
      { helmValues: 'replicas: 2' as any },
      /helmValues \('replicas: 2'\) is not an object of chart values/,
    ],
    ['Helm values as a list', { helmValues: [1, 2] as any }, /helmValues \(\[1, 2\]\) is not an object/],
    ['null Helm values', { helmValues: null as any }, /helmValues \(null\) is null/],
    ['a settings group as text', { helmValues: { settings: 'x' } }, /helmValues\.settings \('x'\) is not an object/],
    [
      'a controller group as text',
      { helmValues: { controller: 'abc' } },
      /helmValues\.controller \('abc'\) is not an object/,
    ],
    [
      'a service account as text',
      { helmValues: { serviceAccount: 'abc' } },
      /helmValues\.serviceAccount \('abc'\) is not an object/,
    ],
  ])('%s', (_, props, message) => {
    expect(() => controller(props)).toThrow(message);
  });

  test.each<[string, (stack: Stack) => any, RegExp]>([
    ['no cluster', () => ({}), /Test\/K: cluster \(undefined\) is missing/],
    [
      'a cluster name',
      () => ({ cluster: 'my-cluster' }),
      /Test\/K: cluster \('my-cluster'\) is not an aws-eks-v2 cluster/,
    ],
    ['no props', () => undefined, /Test\/K: props \(undefined\) is missing/],
  ])('%s is named, not a TypeError', (_, props, message) => {
    const { stack } = testCluster();
    expect(() => new KarpenterController(stack, 'K', props(stack))).toThrow(message);
  });

  test('a cluster without a kubectl provider', () => {
    const { stack, cluster } = testCluster({ kubectl: false });
    expect(() => new KarpenterController(stack, 'Karpenter', { cluster })).toThrow(
      /KarpenterController installs a Helm chart, but cluster Test\/Cluster has no kubectl provider/,
    );
  });
});
