import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { Duration, Lazy, Stack, Tags, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { parse as parseToml } from 'smol-toml';
import {
  ClusterNetworkingContext,
  KarpenterCapacityType,
  KarpenterConnectionTracking,
  KarpenterController,
  KarpenterControllerProps,
  KarpenterNodeClass,
  KarpenterNodeClassProps,
  KubeProxy,
  KubeProxyMode,
  NodeImage,
  NodeLocalDnsCache,
  PodNetworking,
  VpcCni,
} from '../../lib';
import { parseMimeMultipart } from '../../lib/bootstrap/mime';
import { karpenterPrefixDelegationMaxPods } from '../../lib/karpenter/karpenter-max-pods-expression';
import { shellcheck } from '../bootstrap/shellcheck';
import { testCluster } from '../fixtures/cluster';
import { schemaErrors } from '../schemas';
import { cfnText, nodeadmDropIns, testApp } from '../util';

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

  test('on an IPv6 cluster without listed types it sets 110 and the warning speaks of IPv6', () => {
    const { stack, cluster } = testCluster({ clusterProps: { ipFamily: eks.IpFamily.IP_V6 } });
    const nodeRole = new iam.Role(stack, 'NodeRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    const construct = new KarpenterNodeClass(stack, 'Karpenter', { cluster, nodeRole });
    expect(construct.podNetworking.ipv6Enabled).toBe(true);
    expect(construct.ec2NodeClassManifest.spec.kubelet.maxPods).toBe(110);
    const annotations = Annotations.fromStack(stack);
    annotations.hasWarning('/Test/Karpenter', Match.stringLikeRegexp('^IPv6 .*maxPods set to 110'));
    annotations.hasNoWarning('/Test/Karpenter', Match.stringLikeRegexp('prefix delegation'));
  });

  test('on an IPv6 cluster with NodeLocal DNSCache in ipvs mode, kubelets send DNS to fd00::10', () => {
    const { stack, cluster } = testCluster({ clusterProps: { ipFamily: eks.IpFamily.IP_V6 } });
    const nodeRole = new iam.Role(stack, 'NodeRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    const construct = new KarpenterNodeClass(stack, 'Karpenter', { cluster, nodeRole, instanceTypes: ['m6i.large'] });
    new KubeProxy(stack, 'KubeProxy', { cluster, mode: KubeProxyMode.IPVS });
    new NodeLocalDnsCache(stack, 'NodeLocalDns', { cluster });
    expect(construct.ec2NodeClassManifest.spec.kubelet.clusterDNS).toEqual(['fd00::10']);
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

  test('amd64 and arm64 types together: the NodePool allows both architectures (the AMI alias resolves per architecture)', () => {
    const props = { instanceTypes: ['m5.large', 'm7g.large', 'c6i.large'] };
    const { construct } = nodeClass({ ...props, nodePool: {} });
    expect(construct.nodePoolManifest!.spec.template.spec.requirements).toEqual([
      { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64', 'arm64'] },
      { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] },
      { key: 'node.kubernetes.io/instance-type', operator: 'In', values: props.instanceTypes },
    ]);
    expect(construct.ec2NodeClassManifest.spec.amiSelectorTerms).toEqual([{ alias: 'al2023@latest' }]);
    expect(schemaErrors([construct.ec2NodeClassManifest, construct.nodePoolManifest!])).toEqual([]);
    // Without a NodePool the same list is accepted the same way.
    expect(() => nodeClass(props)).not.toThrow();
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
    // Karpenter refuses an In requirement with no values; TunedNodegroup and AutoModeNodePool refuse it too.
    [
      'an empty list of instance types, with a NodePool',
      { instanceTypes: [], nodePool: {} },
      /Test\/Karpenter: instanceTypes \(\[\]\) is empty; leave instanceTypes out to let Karpenter choose/,
    ],
    [
      'an empty list of instance types, without a NodePool',
      { instanceTypes: [] },
      /Test\/Karpenter: instanceTypes \(\[\]\) is empty/,
    ],
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
    // The same checks as TunedNodegroup's and Auto Mode's, with or without a maxPods to compute.
    ['an unknown instance type', { instanceTypes: ['m5.huge'] }, /instanceTypes\[0\] \('m5\.huge'\) is unknown/],
    [
      'a type listed twice',
      { instanceTypes: ['m5.large', 'm5.large'] },
      /instanceTypes\[1\] \('m5\.large'\) is listed twice/,
    ],
    [
      'maxPods above every known type, without instanceTypes',
      { kubelet: { maxPods: 1e6 } },
      /maxPods \(1000000\) exceeds the ENI capacity of every known instance type/,
    ],
    [
      'empty subnet selector tags',
      { subnetSelectorTags: {} },
      /subnetSelectorTags \(\{\}\) is empty; it would match every/,
    ],
    ['an empty tag key', { subnetSelectorTags: { '': 'x' } }, /subnetSelectorTags key \(''\) must be 1-128 characters/],
    [
      'a tag value over 256 characters',
      { securityGroupSelectorTags: { team: 'x'.repeat(300) } },
      /securityGroupSelectorTags\['team'\] .* is longer than the 256 characters/,
    ],
    [
      'a data volume option with the volume off',
      { dataVolume: { enabled: false, sizeGiB: 100 } },
      /dataVolume\.sizeGiB is set, but dataVolume\.enabled is false/,
    ],
  ])('%s', (_, props, message) => {
    expect(() => nodeClass(props)).toThrow(message);
  });

  test('a token maxPods is rendered as given, with no kubeReserved computed from its encoding', () => {
    const { stack, construct } = nodeClass({
      kubelet: { maxPods: Token.asNumber(Lazy.number({ produce: () => 58 })) },
    });
    const kubelet = stack.resolve(construct.ec2NodeClassManifest.spec.kubelet);
    expect(kubelet.maxPods).toBe(58);
    expect(kubelet.kubeReserved).toBeUndefined();
  });
});

describe('with the cluster Karpenter known', () => {
  function withController(
    order: 'controller first' | 'node class first',
    nodeClassProps: Partial<KarpenterNodeClassProps> = {},
    controllerProps: Partial<KarpenterControllerProps> = {},
  ) {
    const { stack, cluster, nodeRole } = setup();
    const make = {
      controller: () => new KarpenterController(stack, 'Controller', { cluster, ...controllerProps }),
      nodeClass: () => new KarpenterNodeClass(stack, 'Karpenter', { cluster, nodeRole, ...nodeClassProps }),
    };
    const controller = order === 'controller first' ? make.controller() : undefined;
    const construct = make.nodeClass();
    return { stack, cluster, nodeRole, construct, controller: controller ?? make.controller() };
  }

  test.each(['controller first', 'node class first'] as const)(
    'a node class whose mode needs another reservation stops synth (%s)',
    (order) => {
      // The cluster runs the VPC CNI defaults (no reservation); this class claims security groups for pods (one).
      const { stack } = withController(order, {
        podNetworking: PodNetworking.secondaryIps({ securityGroupsForPods: true }),
      });
      expect(() => Template.fromStack(stack)).toThrow(
        /Test\/Karpenter.*secondary IPs \+ security groups for pods needs Karpenter RESERVED_ENIS=1, but the cluster's Karpenter runs with reservedENIs 0; Karpenter would give nodes more pods than they have IPs for/,
      );
    },
  );

  test.each(['controller first', 'node class first'] as const)(
    'the same reservation passes, without the reservation warning, and the manifest waits for the chart (%s)',
    (order) => {
      const { stack, cluster, construct, controller } = withController(order);
      new VpcCni(stack, 'VpcCni', {
        cluster,
        podNetworking: PodNetworking.secondaryIps({ securityGroupsForPods: true }),
      });
      const template = Template.fromStack(stack);
      expect(construct.reservedEnis).toBe(1);
      expect(controller.reservedEnis).toBe(1);
      expect(
        Annotations.fromStack(stack).findWarning('/Test/Karpenter', Match.stringLikeRegexp('RESERVED_ENIS')),
      ).toEqual([]);
      const manifest = construct.node.findChild('Resource').node.defaultChild as any;
      const chart = stack.getLogicalId(controller.chart.node.defaultChild as any);
      expect(template.toJSON().Resources[stack.getLogicalId(manifest)].DependsOn).toContain(chart);
    },
  );

  test('a declared Karpenter is checked the same way', () => {
    const { stack, cluster, nodeRole } = setup();
    ClusterNetworkingContext.of(cluster).declare({ karpenter: { version: '1.14.3', reservedEnis: 0 } });
    new KarpenterNodeClass(stack, 'Karpenter', {
      cluster,
      nodeRole,
      podNetworking: PodNetworking.secondaryIps({ customNetworking: true }),
    });
    expect(() => Template.fromStack(stack)).toThrow(
      /needs Karpenter RESERVED_ENIS=1, but the cluster's Karpenter runs with reservedENIs 0/,
    );
  });

  // A declaration gets the checks KarpenterController gives its props: CEL in spec.kubelet.maxPods would reach a
  // controller without the NodeClassCEL gate, and a pre-1.0 controller cannot read the v1 objects rendered.
  test.each<[string, { version: string; nodeClassCel?: boolean }, RegExp]>([
    [
      'NodeClassCEL before 1.15',
      { version: '1.10.0', nodeClassCel: true },
      /Test\/Cluster\/NetkitNetworkingContext: karpenter\.nodeClassCel needs Karpenter 1\.15\.0 or later, but karpenter\.version is 1\.10\.0; raise karpenter\.version or leave karpenter\.nodeClassCel off/,
    ],
    [
      'a release before 1.0',
      { version: '0.37.0' },
      /Test\/Cluster\/NetkitNetworkingContext: karpenter\.version \('0\.37\.0'\) is a Karpenter release before 1\.0, .*the library renders karpenter\.sh\/v1 .*; upgrade Karpenter to 1\.x/,
    ],
  ])('a declared Karpenter is refused as the controller would be: %s', (_, karpenter, message) => {
    const { stack, cluster, nodeRole } = setup();
    expect(() => {
      ClusterNetworkingContext.of(cluster).declare({ karpenter: { ...karpenter, reservedEnis: 0 } });
      new KarpenterNodeClass(stack, 'Karpenter', { cluster, nodeRole, podNetworking: PodNetworking.prefixDelegation() })
        .ec2NodeClassManifest;
    }).toThrow(message);
  });

  test('a declared release outside the compatibility matrix is a warning, as on KarpenterController', () => {
    const { stack, cluster } = setup();
    ClusterNetworkingContext.of(cluster).declare({ karpenter: { version: '9.9.9', reservedEnis: 0 } });
    new KarpenterController(stack, 'Controller', { cluster, version: '9.9.9' });
    const warning = Match.stringLikeRegexp("Karpenter 9\\.9\\.9 is not in the library's compatibility matrix");
    Annotations.fromStack(stack).hasWarning('/Test/Cluster/NetkitNetworkingContext', warning);
    Annotations.fromStack(stack).hasWarning('/Test/Controller', warning);
  });

  test('a declaration and a KarpenterController that disagree stop synth, naming both', () => {
    const { stack, cluster } = setup();
    ClusterNetworkingContext.of(cluster).declare({ karpenter: { version: '1.14.3', reservedEnis: 0 } });
    new KarpenterController(stack, 'Controller', { cluster });
    expect(() => Template.fromStack(stack)).toThrow(
      /Karpenter 1\.14\.3 with reservedENIs 0.*Test\/Controller (installs|gives) Karpenter 1\.15\.2 with reservedENIs 0/,
    );
  });
});

describe('kubelet placement per Karpenter version and AMI family', () => {
  const IMAGE_PULLS = {
    registryPullQPS: 50,
    registryBurst: 100,
    serializeImagePulls: false,
    maxParallelImagePulls: 10,
  };

  function placed(version: string | undefined, nodeImage: NodeImage) {
    const { stack, cluster, nodeRole } = setup();
    if (version) ClusterNetworkingContext.of(cluster).declare({ karpenter: { version, reservedEnis: 0 } });
    const construct = new KarpenterNodeClass(stack, 'Karpenter', {
      cluster,
      nodeRole,
      nodeImage,
      podNetworking: PodNetworking.prefixDelegation(),
      instanceTypes: ['m6i.large'],
    });
    return construct.ec2NodeClassManifest.spec;
  }

  test.each([
    ['1.15.2', NodeImage.AL2023, 'spec.kubelet'],
    ['1.15.0', NodeImage.AL2023, 'spec.kubelet'],
    ['1.14.3', NodeImage.AL2023, 'user data'],
    [undefined, NodeImage.AL2023, 'user data'],
    ['1.15.2', NodeImage.BOTTLEROCKET, 'user data'],
    ['1.14.3', NodeImage.BOTTLEROCKET, 'user data'],
  ])('Karpenter %s, %s: image-pull tuning in %s', (version, image, where) => {
    const spec = placed(version, image);
    // m6i.large with prefix delegation: 3 ENIs × 9 × 16 + 2, capped at 110 (2 vCPUs); kubeReserved 11 × 110 + 255.
    expect(spec.kubelet).toMatchObject({ maxPods: 110, kubeReserved: { memory: '1465Mi' } });
    if (where === 'spec.kubelet') {
      expect(spec.kubelet).toMatchObject(IMAGE_PULLS);
      const parts = parseMimeMultipart(spec.userData);
      expect(nodeadmDropIns(parts)).toEqual([]);
      expect(parts.map((p) => p.contentType)).toEqual(['text/x-shellscript; charset="us-ascii"']);
    } else {
      for (const key of Object.keys(IMAGE_PULLS)) expect(spec.kubelet).not.toHaveProperty(key);
      if (image === NodeImage.BOTTLEROCKET) {
        expect((parseToml(spec.userData) as any).settings.kubernetes['registry-qps']).toBe(50);
      } else {
        expect(nodeadmDropIns(parseMimeMultipart(spec.userData))[0].spec.kubelet.config).toMatchObject({
          registryPullQPS: 50,
        });
      }
    }
  });
});

describe('prefix delegation maxPods as a CEL expression with NodeClassCEL', () => {
  test('the controller with the gate: maxPods is the expression, kubeReserved is left to Karpenter per type', () => {
    const { stack, cluster, nodeRole } = setup();
    new KarpenterController(stack, 'Controller', { cluster, nodeClassCel: true });
    const construct = new KarpenterNodeClass(stack, 'Karpenter', {
      cluster,
      nodeRole,
      podNetworking: PodNetworking.prefixDelegation(),
    });
    const { kubelet } = construct.ec2NodeClassManifest.spec;
    expect(kubelet.maxPods).toBe(karpenterPrefixDelegationMaxPods(PodNetworking.prefixDelegation(), 0));
    expect(kubelet.kubeReserved).toBeUndefined();
    expect(
      Annotations.fromStack(stack).findWarning('/Test/Karpenter', Match.stringLikeRegexp('maxPods set to 110')),
    ).toEqual([]);
  });

  test('without the gate, or with a maxPods of the user, maxPods stays a number', () => {
    const { stack, cluster, nodeRole } = setup();
    new KarpenterController(stack, 'Controller', { cluster });
    const plain = new KarpenterNodeClass(stack, 'Plain', {
      cluster,
      nodeRole,
      podNetworking: PodNetworking.prefixDelegation(),
    });
    expect(plain.ec2NodeClassManifest.spec.kubelet.maxPods).toBe(110);
    const { cluster: c2, stack: s2, nodeRole: r2 } = setup();
    ClusterNetworkingContext.of(c2).declare({ karpenter: { version: '1.15.2', reservedEnis: 0, nodeClassCel: true } });
    const mine = new KarpenterNodeClass(s2, 'Mine', {
      cluster: c2,
      nodeRole: r2,
      podNetworking: PodNetworking.prefixDelegation(),
      kubelet: { maxPods: 90 },
    });
    expect(mine.ec2NodeClassManifest.spec.kubelet).toMatchObject({ maxPods: 90, kubeReserved: { memory: '1245Mi' } });
  });
});

describe('connectionTracking', () => {
  test('renders seconds on Karpenter 1.13 or later', () => {
    const { stack, cluster, nodeRole } = setup();
    ClusterNetworkingContext.of(cluster).declare({ karpenter: { version: '1.13.0', reservedEnis: 0 } });
    const construct = new KarpenterNodeClass(stack, 'Karpenter', {
      cluster,
      nodeRole,
      connectionTracking: { tcpEstablishedTimeout: Duration.minutes(10), udpTimeout: Duration.seconds(30) },
    });
    expect(construct.ec2NodeClassManifest.spec.connectionTracking).toEqual({
      tcpEstablishedTimeout: 600,
      udpTimeout: 30,
    });
  });

  test.each<[string | undefined, KarpenterConnectionTracking, RegExp]>([
    [
      undefined,
      { udpTimeout: Duration.seconds(30) },
      /connectionTracking needs Karpenter 1\.13\.0 or later, but the cluster's Karpenter is unknown; install it with KarpenterController, or declare it/,
    ],
    [
      '1.12.0',
      { udpTimeout: Duration.seconds(30) },
      /needs Karpenter 1\.13\.0 or later, but the cluster's Karpenter is 1\.12\.0/,
    ],
    [
      '1.15.2',
      { udpTimeout: Duration.seconds(90) },
      /connectionTracking\.udpTimeout \(1 minute 30 seconds\) must be whole seconds from 30 to 60/,
    ],
    [
      '1.15.2',
      { tcpEstablishedTimeout: Duration.days(6) },
      /connectionTracking\.tcpEstablishedTimeout \(6 days\) must be whole seconds from 60 to 432000/,
    ],
    ['1.15.2', {}, /connectionTracking sets no timeout/],
    [
      '1.15.2',
      { udpTimeout: Duration.millis(30500) },
      /Test\/Karpenter: connectionTracking\.udpTimeout \('30 seconds 500 millis'\) must be whole seconds, the unit the library renders it in; e\.g\. Duration\.seconds\(30\) or Duration\.seconds\(31\)/,
    ],
  ])('Karpenter %s: %o is refused', (version, connectionTracking, message) => {
    const { stack, cluster, nodeRole } = setup();
    if (version) ClusterNetworkingContext.of(cluster).declare({ karpenter: { version, reservedEnis: 0 } });
    expect(
      () => new KarpenterNodeClass(stack, 'Karpenter', { cluster, nodeRole, connectionTracking }).ec2NodeClassManifest,
    ).toThrow(message);
  });
});

describe('nodes that join: the node role access entry', () => {
  test('a node class gives its role an EC2_LINUX access entry, and it is the only one', () => {
    const { stack } = nodeClass();
    const entries = Template.fromStack(stack).findResources('AWS::EKS::AccessEntry', {
      Properties: { Type: 'EC2_LINUX' },
    });
    expect(Object.values(entries).map((e) => e.Properties.PrincipalArn)).toEqual([
      { 'Fn::GetAtt': [expect.stringMatching(/^NodeRole/), 'Arn'] },
    ]);
  });

  test('one entry per role, however many node classes and controllers share it; the controller may pass other roles', () => {
    const { stack, cluster, nodeRole } = setup();
    const controller = new KarpenterController(stack, 'Controller', { cluster });
    new KarpenterNodeClass(stack, 'A', { cluster, nodeRole: controller.nodeRole, name: 'a' });
    new KarpenterNodeClass(stack, 'B', { cluster, nodeRole: controller.nodeRole, name: 'b' });
    new KarpenterNodeClass(stack, 'C', { cluster, nodeRole, name: 'c' });
    const template = Template.fromStack(stack);
    const principals = Object.values(
      template.findResources('AWS::EKS::AccessEntry', { Properties: { Type: 'EC2_LINUX' } }),
    ).map((e) => e.Properties.PrincipalArn['Fn::GetAtt'][0]);
    expect(principals.sort()).toEqual(
      [
        stack.getLogicalId(controller.nodeRole.node.defaultChild as any),
        stack.getLogicalId(nodeRole.node.defaultChild as any),
      ].sort(),
    );
    const role = template.toJSON().Resources[stack.getLogicalId(controller.controllerRole.node.defaultChild as any)];
    const passRole = role.Properties.Policies[0].PolicyDocument.Statement.find((s: any) => s.Sid === 'PassNodeRoles');
    expect(passRole.Resource.map((r: any) => r['Fn::GetAtt'][0])).toEqual([
      stack.getLogicalId(controller.nodeRole.node.defaultChild as any),
      stack.getLogicalId(nodeRole.node.defaultChild as any),
    ]);
  });

  test('nodeRoleAccessEntry: false makes none', () => {
    const { stack } = nodeClass({ nodeRoleAccessEntry: false });
    // Only aws-eks-v2's own entry for the kubectl handler remains.
    expect(
      Template.fromStack(stack).findResources('AWS::EKS::AccessEntry', { Properties: { Type: 'EC2_LINUX' } }),
    ).toEqual({});
  });

  test('a CONFIG_MAP cluster is refused with the fix', () => {
    const { stack, cluster } = testCluster();
    // aws-eks-v2 creates API clusters; an escape hatch on the L1 makes one CONFIG_MAP only.
    const cfn = cluster.node.children.find((c): c is eks.CfnCluster => c instanceof eks.CfnCluster)!;
    cfn.accessConfig = { ...(cfn.accessConfig as object), authenticationMode: 'CONFIG_MAP' };
    const nodeRole = new iam.Role(stack, 'NodeRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    expect(() => new KarpenterNodeClass(stack, 'Karpenter', { cluster, nodeRole })).toThrow(
      /authenticates with CONFIG_MAP only, so nodeRole cannot get an access entry .* map the role in aws-auth .* and set nodeRoleAccessEntry: false/,
    );
    expect(
      () => new KarpenterNodeClass(stack, 'Mapped', { cluster, nodeRole, name: 'mapped', nodeRoleAccessEntry: false }),
    ).not.toThrow();
  });
});

describe("manifests against the CRDs of Karpenter's releases (1.14.1 and 1.15.2, from the Go module)", () => {
  function manifests(version: string, props: Partial<KarpenterNodeClassProps>, nodeClassCel = false) {
    const { stack, cluster, nodeRole } = setup();
    ClusterNetworkingContext.of(cluster).declare({ karpenter: { version, reservedEnis: 0, nodeClassCel } });
    const construct = new KarpenterNodeClass(stack, 'Karpenter', { cluster, nodeRole, nodePool: {}, ...props });
    return [construct.ec2NodeClassManifest, construct.nodePoolManifest!];
  }

  test.each<[string, Partial<KarpenterNodeClassProps>]>([
    ['AL2023', {}],
    ['Bottlerocket', { nodeImage: NodeImage.BOTTLEROCKET }],
    ['prefix delegation', { podNetworking: PodNetworking.prefixDelegation(), instanceTypes: ['m6i.large'] }],
    ['connection tracking', { connectionTracking: { udpStreamTimeout: Duration.minutes(2) } }],
  ])('rendered for Karpenter 1.14: %s validates against both releases', (_, props) => {
    expect(schemaErrors(manifests('1.14.3', props))).toEqual([]);
  });

  test('rendered for Karpenter 1.15 on AL2023: valid for 1.15.2, and only 1.14.1 refuses the kubelet fields it does not map', () => {
    const errors = schemaErrors(manifests('1.15.2', {}));
    expect(errors).toEqual([
      'EC2NodeClass/default: /spec/kubelet should NOT have additional properties (Karpenter v1.14.1 only)',
    ]);
  });

  test('Bottlerocket on Karpenter 1.15 keeps to the mapped fields: valid for both', () => {
    expect(schemaErrors(manifests('1.15.2', { nodeImage: NodeImage.BOTTLEROCKET }))).toEqual([]);
  });

  test('a CEL maxPods is valid for 1.15.2 only, which is why it needs the NodeClassCEL gate of 1.15', () => {
    const errors = schemaErrors(manifests('1.15.2', { podNetworking: PodNetworking.prefixDelegation() }, true));
    expect(errors).toEqual([
      'EC2NodeClass/default: /spec/kubelet should NOT have additional properties (Karpenter v1.14.1 only)',
      'EC2NodeClass/default: /spec/kubelet/maxPods should be integer (Karpenter v1.14.1 only)',
    ]);
  });
});

describe('discovery tags, checked where the VPC is in the app', () => {
  function inAppVpc(tag?: (vpc: ec2.Vpc, cluster: eks.Cluster) => void, props: Partial<KarpenterNodeClassProps> = {}) {
    const stack = new Stack(testApp(), 'Test');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const cluster = new eks.Cluster(stack, 'Cluster', {
      version: eks.KubernetesVersion.V1_35,
      vpc,
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
      defaultCapacity: 0,
      kubectlProviderOptions: { kubectlLayer: new KubectlV35Layer(stack, 'Kubectl') },
    });
    tag?.(vpc, cluster);
    const nodeRole = new iam.Role(stack, 'NodeRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    new KarpenterNodeClass(stack, 'Karpenter', { cluster, nodeRole, ...props });
    return Annotations.fromStack(stack)
      .findWarning('/Test/Karpenter', Match.anyValue())
      .map((w) => String(w.entry.data));
  }

  test('untagged subnets and security groups are named, with the fix', () => {
    const warnings = inAppVpc();
    expect(warnings).toEqual([
      expect.stringMatching(
        /no subnet of Test\/Vpc carries the tags subnetSelectorTags selects \(karpenter\.sh\/discovery=.*Karpenter finds no subnet/,
      ),
      expect.stringMatching(
        /no security group in Test carries the tags securityGroupSelectorTags selects .* 'aws:eks:cluster-name'/,
      ),
    ]);
  });

  test('subnets tagged with the cluster name, and the cluster security group by the tag EKS gives it: no warning', () => {
    const warnings = inAppVpc(
      (vpc, cluster) =>
        vpc.privateSubnets.forEach((s) => Tags.of(s).add('karpenter.sh/discovery', cluster.clusterName)),
      { securityGroupSelectorTags: { 'aws:eks:cluster-name': 'anything' } },
    );
    expect(warnings).toEqual([]);
  });

  test('a tag with another value does not count', () => {
    const warnings = inAppVpc((vpc) =>
      vpc.privateSubnets.forEach((s) => Tags.of(s).add('karpenter.sh/discovery', 'other')),
    );
    expect(warnings[0]).toMatch(/no subnet of Test\/Vpc carries/);
  });
});
