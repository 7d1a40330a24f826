import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { parse as parseToml } from 'smol-toml';
import {
  KarpenterCapacityType,
  KarpenterNodeClass,
  KarpenterNodeClassProps,
  NodeImage,
  PodNetworking,
} from '../../lib';
import { parseMimeMultipart } from '../../lib/bootstrap/mime';
import { shellcheck } from '../bootstrap/shellcheck';
import { testCluster } from '../fixtures/cluster';
import { schemaErrors } from '../schemas';
import { cfnText, nodeadmDropIns } from '../util';

function setup(kubectl = true) {
  const { stack, cluster } = testCluster({ kubectl, clusterProps: { clusterName: 'prod' } });
  const nodeRole = new iam.Role(stack, 'NodeRole', {
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    roleName: 'karpenter-node',
  });
  return { stack, cluster, nodeRole };
}

function nodeClass(props: Partial<KarpenterNodeClassProps> = {}) {
  const { stack, cluster, nodeRole } = setup();
  const construct = new KarpenterNodeClass(stack, 'Karpenter', { cluster, nodeRole, ...props });
  return { stack, construct, spec: construct.ec2NodeClassManifest.spec };
}

describe('EC2NodeClass and NodePool manifests', () => {
  test.each<[string, Partial<KarpenterNodeClassProps>]>([
    ['AL2023 defaults', {}],
    [
      'Bottlerocket on arm64 with a NodePool',
      {
        nodeImage: NodeImage.BOTTLEROCKET,
        instanceTypes: ['m7g.xlarge'],
        nodePool: { capacityTypes: [KarpenterCapacityType.SPOT, KarpenterCapacityType.ON_DEMAND] },
      },
    ],
    [
      'prefix delegation with listed types and a NodePool',
      { podNetworking: PodNetworking.prefixDelegation(), instanceTypes: ['m6i.xlarge', 'm6i.2xlarge'], nodePool: {} },
    ],
    [
      'split volumes with kubelet state',
      { dataVolume: { includeKubeletState: true, includePodLogs: true, sizeGiB: 200 } },
    ],
  ])('%s validate against the upstream Karpenter schemas', (_, props) => {
    const { construct } = nodeClass(props);
    const manifests = [
      construct.ec2NodeClassManifest,
      ...(construct.nodePoolManifest ? [construct.nodePoolManifest] : []),
    ];
    expect(schemaErrors(manifests)).toEqual([]);
  });

  test('the schema check catches a broken manifest (it is not vacuous)', () => {
    const { construct } = nodeClass();
    const broken = {
      ...construct.ec2NodeClassManifest,
      spec: { ...construct.ec2NodeClassManifest.spec, kubelet: { maxPods: 'many' } },
    };
    // Karpenter 1.15's CRD leaves spec.kubelet open (any KubeletConfiguration field; the controller validates it and
    // reports ValidationSucceeded=False), so only the 1.14 CRD refuses the type at apply time.
    expect(schemaErrors([broken])).toEqual([
      'EC2NodeClass/default: /spec/kubelet/maxPods should be integer (Karpenter v1.14.1 only)',
    ]);
  });

  test('the EC2NodeClass schema refuses a misspelt field and an out-of-range int32', () => {
    const { construct } = nodeClass();
    const { spec } = construct.ec2NodeClassManifest;
    const broken = {
      ...construct.ec2NodeClassManifest,
      spec: { ...spec, kubelet: { maxPods: 2 ** 31 }, userdata: '' },
    };
    const errors = schemaErrors([broken]);
    expect(errors).toContain(
      'EC2NodeClass/default: /spec/kubelet/maxPods should match format "int32" (Karpenter v1.14.1 only)',
    );
    expect(errors).toContain('EC2NodeClass/default: /spec should NOT have additional properties');
    expect(errors).toHaveLength(2);
  });

  test('the NodePool schema and ObjectMeta catch a broken manifest (it is not vacuous)', () => {
    const { construct } = nodeClass({ nodePool: {} });
    const pool = construct.nodePoolManifest!;
    const { nodeClassRef, ...withoutRef } = pool.spec.template.spec;
    expect(nodeClassRef.group).toBe('karpenter.k8s.aws');
    const broken = {
      ...pool,
      metadata: { ...pool.metadata, labels: { team: 7 } },
      spec: {
        ...pool.spec,
        disruption: { ...pool.spec.disruption, consolidationPolicy: 'Sometimes' },
        template: { ...pool.spec.template, spec: { ...withoutRef, nodeClassRef: { kind: 'EC2NodeClass', name: 'x' } } },
      },
    };
    const errors = schemaErrors([broken]);
    expect(errors).toContain(
      `NodePool/${pool.metadata.name}: /spec/disruption/consolidationPolicy should be equal to one of the allowed values`,
    );
    expect(errors).toContain(
      `NodePool/${pool.metadata.name}: /spec/template/spec/nodeClassRef should have required property 'group'`,
    );
    expect(errors).toContain(`NodePool/${pool.metadata.name}: data/metadata/labels/team must be string`);
    expect(errors).toHaveLength(3);
  });

  test('the same volumes as node groups, as blockDeviceMappings, with IMDSv2 and discovery selectors', () => {
    const { stack, spec } = nodeClass({ dataVolume: { sizeGiB: 150, iops: 4000, throughputMiBps: 300 } });
    expect(spec.blockDeviceMappings).toEqual([
      {
        deviceName: '/dev/xvda',
        ebs: { volumeSize: '20Gi', volumeType: 'gp3', encrypted: true, deleteOnTermination: true },
      },
      {
        deviceName: '/dev/xvdb',
        ebs: {
          volumeSize: '150Gi',
          volumeType: 'gp3',
          iops: 4000,
          throughput: 300,
          encrypted: true,
          deleteOnTermination: true,
        },
      },
    ]);
    expect(spec.metadataOptions).toMatchObject({ httpTokens: 'required', httpPutResponseHopLimit: 1 });
    expect(spec.amiSelectorTerms).toEqual([{ alias: 'al2023@latest' }]);
    const clusterName = { Ref: expect.stringMatching(/^Cluster/) };
    expect(stack.resolve(spec.subnetSelectorTerms)).toEqual([{ tags: { 'karpenter.sh/discovery': clusterName } }]);
    expect(stack.resolve(spec.securityGroupSelectorTerms)).toEqual([
      { tags: { 'karpenter.sh/discovery': clusterName } },
    ]);
    expect(stack.resolve(spec.role)).toEqual({ Ref: expect.stringMatching(/^NodeRole/) });
  });

  test('AL2023 user data carries the image-pull tuning and the volume script, but leaves max pods to Karpenter', () => {
    const { spec } = nodeClass();
    const parts = parseMimeMultipart(spec.userData);
    const [dropIn] = nodeadmDropIns(parts);
    expect(dropIn.spec.kubelet.config).toEqual({
      registryPullQPS: 50,
      registryBurst: 100,
      serializeImagePulls: false,
      maxParallelImagePulls: 10,
    });
    expect(dropIn.spec.kubelet.flags).toBeUndefined();
    expect(spec.kubelet).toBeUndefined();
    const script = parts.find((p) => p.contentType.startsWith('text/x-shellscript'))!.body;
    expect(script).toMatch(/^STATE_DIRS=\(\/var\/lib\/containerd\)$/m);
    expect(shellcheck(script)).toEqual({ status: 0, output: '' });
  });

  test('Bottlerocket user data is TOML with the image-pull settings', () => {
    const { spec } = nodeClass({ nodeImage: NodeImage.BOTTLEROCKET });
    expect((parseToml(spec.userData) as any).settings.kubernetes).toEqual({
      'registry-qps': 50,
      'registry-burst': 100,
      'max-parallel-image-pulls': 10,
    });
    expect(spec.amiSelectorTerms).toEqual([{ alias: 'bottlerocket@latest' }]);
  });

  test('prefix delegation sets maxPods (Karpenter has no prefix math): the lowest across listed types', () => {
    // m6i.large: 2 vCPUs → 110 cap; m6i.8xlarge: 32 vCPUs → 250.
    const { spec } = nodeClass({
      podNetworking: PodNetworking.prefixDelegation(),
      instanceTypes: ['m6i.large', 'm6i.8xlarge'],
    });
    expect(spec.kubelet).toEqual({ maxPods: 110, kubeReserved: { memory: `${11 * 110 + 255}Mi` } });
  });

  test('prefix delegation without listed types sets 110 and warns', () => {
    const { stack, spec } = nodeClass({ podNetworking: PodNetworking.prefixDelegation() });
    expect(spec.kubelet.maxPods).toBe(110);
    Annotations.fromStack(stack).hasWarning(
      '/Test/Karpenter',
      Match.stringLikeRegexp('prefix delegation: maxPods set to 110'),
    );
  });

  test('the NodePool follows the node class, architecture and capacity types', () => {
    const { construct } = nodeClass({
      instanceTypes: ['m7g.xlarge'],
      nodePool: { capacityTypes: [KarpenterCapacityType.SPOT], cpuLimit: 64 },
    });
    expect(construct.nodePoolManifest!.spec.template.spec.requirements).toEqual([
      { key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] },
      { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot'] },
      { key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m7g.xlarge'] },
    ]);
    expect(construct.nodePoolManifest!.spec.limits).toEqual({ cpu: '64' });
  });

  test('manifests are applied through the cluster', () => {
    const { stack } = nodeClass({ nodePool: {} });
    const [resource] = Object.values(Template.fromStack(stack).findResources('Custom::AWSCDK-EKS-KubernetesResource'));
    // The manifest is JSON joined around the cluster-name token; the literal parts name both kinds.
    const literal = cfnText(resource.Properties.Manifest, '');
    expect(literal).toMatch(/"kind":"EC2NodeClass".*"kind":"NodePool"/);
  });
});

describe('reserved ENIs for the Karpenter controller', () => {
  test.each([
    [PodNetworking.secondaryIps(), 0],
    [PodNetworking.prefixDelegation(), 0],
    [PodNetworking.secondaryIps({ customNetworking: true }), 1],
    [PodNetworking.secondaryIps({ securityGroupsForPods: true }), 1],
    [PodNetworking.prefixDelegation({ customNetworking: true, securityGroupsForPods: true }), 2],
  ])('%s needs RESERVED_ENIS=%i', (podNetworking, reserved) => {
    expect(KarpenterNodeClass.reservedEnisFor(podNetworking)).toBe(reserved);
  });

  test('a mode that needs a reservation is a synth warning naming the setting', () => {
    const { stack, construct } = nodeClass({ podNetworking: PodNetworking.secondaryIps({ customNetworking: true }) });
    expect(construct.reservedEnis).toBe(1);
    Annotations.fromStack(stack).hasWarning('/Test/Karpenter', Match.stringLikeRegexp('RESERVED_ENIS=1'));
  });
});

describe('bad input gets a clear error', () => {
  test('a cluster without a kubectl provider', () => {
    const { stack, cluster, nodeRole } = setup(false);
    expect(() => new KarpenterNodeClass(stack, 'Karpenter', { cluster, nodeRole })).toThrow(
      /has no kubectl provider; create the cluster with kubectlProviderOptions/,
    );
  });

  test.each<[string, Partial<KarpenterNodeClassProps>, RegExp]>([
    ['mixed architectures', { instanceTypes: ['m6i.xlarge', 'm7g.xlarge'], nodePool: {} }, /mix CPU architectures/],
    [
      'maxPods above a listed type',
      { instanceTypes: ['m5.large'], kubelet: { maxPods: 50 } },
      /maxPods \(50\) exceeds the ENI capacity of m5\.large/,
    ],
    [
      'unknown capacity type',
      { nodePool: { capacityTypes: ['reserved-ish' as KarpenterCapacityType] } },
      /nodePool\.capacityTypes \('reserved-ish'\) must be one of on-demand, spot/,
    ],
    ['small data volume', { dataVolume: { sizeGiB: 5 } }, /dataVolume\.sizeGiB \(5\)/],
    [
      'Bottlerocket with kubelet state on the data volume',
      { nodeImage: NodeImage.BOTTLEROCKET, dataVolume: { includeKubeletState: true } },
      /apply to AL2023 only/,
    ],
  ])('%s', (_, props, message) => {
    expect(() => nodeClass(props)).toThrow(message);
  });
});
