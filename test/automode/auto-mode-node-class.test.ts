import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  AutoModeInterfaceType,
  AutoModeKernelLockdown,
  AutoModeNetworkPolicy,
  AutoModeNodeClass,
  AutoModeNodeClassProps,
  AutoModeSnatPolicy,
  AutoModeState,
  ClusterNetworkingContext,
  Ipv4PrefixSize,
  KarpenterNodeClass,
  MaxPods,
  PodNetworking,
  TunedNodegroup,
} from '../../lib';
import { autoModeStateOf } from '../../lib/cluster/auto-mode-state';
import { schemaErrors } from '../schemas';
import { testApp } from '../util';

function autoCluster(options: Partial<eks.ClusterProps> = {}, kubectl = true) {
  const stack = new Stack(testApp(), 'Test');
  const cluster = new eks.Cluster(stack, 'Cluster', {
    version: eks.KubernetesVersion.V1_35,
    clusterName: 'prod',
    ...(kubectl ? { kubectlProviderOptions: { kubectlLayer: new KubectlV35Layer(stack, 'Kubectl') } } : {}),
    ...options,
  });
  return { stack, cluster };
}

function nodeClass(props: Partial<AutoModeNodeClassProps> = {}) {
  const { stack, cluster } = autoCluster();
  const construct = new AutoModeNodeClass(stack, 'Workers', { cluster, ...props });
  return { stack, cluster, construct, spec: construct.manifest.spec };
}

const FULL: Partial<AutoModeNodeClassProps> = {
  name: 'tuned',
  subnetSelectorTerms: [{ id: 'subnet-0a1b2c3d' }, { tags: { 'kubernetes.io/role/internal-elb': '1' } }],
  securityGroupSelectorTerms: [{ name: 'eks-nodes' }],
  podSubnetSelectorTerms: [{ tags: { 'netkit/pods': 'true' } }],
  podSecurityGroupSelectorTerms: [{ id: 'sg-0123abcd' }],
  snatPolicy: AutoModeSnatPolicy.DISABLED,
  networkPolicy: AutoModeNetworkPolicy.DEFAULT_DENY,
  networkPolicyEventLogs: true,
  ipv4PrefixSize: Ipv4PrefixSize.SINGLE_ADDRESS,
  associatePublicIpAddress: false,
  httpsProxy: 'http://192.0.2.4:3128',
  noProxy: ['localhost', '169.254.169.254', '.eks.amazonaws.com'],
  ephemeralStorage: { sizeGiB: 200, iops: 6000, throughputMiBps: 500, kmsKeyId: 'alias/nodes' },
  tags: { team: 'platform' },
};

/** Every prop the construct has, each set to a documented value. */
const EVERY: Partial<AutoModeNodeClassProps> = {
  ...FULL,
  certificateBundles: [
    { name: 'proxy-ca', data: Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n').toString('base64') },
  ],
  advancedSecurity: { fips: true, kernelLockdown: AutoModeKernelLockdown.INTEGRITY },
  capacityReservationSelectorTerms: [{ id: 'cr-56fac701cc1951b03' }, { tags: { app: 'ml' }, owner: '012345678901' }],
  networkInterfaces: [
    {
      networkCardIndex: 0,
      deviceIndex: 0,
      interfaceType: AutoModeInterfaceType.INTERFACE,
      secondaryIpv4PrefixCount: 2,
    },
    { networkCardIndex: 0, deviceIndex: 1, interfaceType: AutoModeInterfaceType.EFA_ONLY },
    { networkCardIndex: 1, deviceIndex: 0, interfaceType: AutoModeInterfaceType.EFA_ONLY },
  ],
  enableV4Egress: false,
  placementGroup: { name: 'ml-training-pg' },
};

describe('AutoModeNodeClass manifest', () => {
  test.each<[string, Partial<AutoModeNodeClassProps>]>([
    ['defaults', {}],
    ['every networking and storage field', FULL],
    ['every prop of the construct', EVERY],
  ])('%s: valid against the NodeClass schema, NodePool against the Karpenter schema', (_, props) => {
    const { construct } = nodeClass(props);
    const pool = construct.addNodePool('General', {
      instanceTypes: ['m5.xlarge'],
      capacityTypes: ['on-demand', 'spot'],
    });
    expect(schemaErrors([construct.manifest, pool.manifest])).toEqual([]);
  });

  test('the schema catches what it should (it can fail)', () => {
    const { construct } = nodeClass();
    const bad = {
      ...construct.manifest,
      spec: { ...construct.manifest.spec, ephemeralStorage: { iops: 20000 }, snatPolicy: 'random', subnetSelector: [] },
    };
    const errors = schemaErrors([bad]).join('\n');
    expect(errors).toMatch(/iops should be <= 16000/);
    expect(errors).toMatch(/snatPolicy should be equal to one of the allowed values/);
    expect(errors).toMatch(/should NOT have additional properties/);
  });

  test('ipv4PrefixSize is valid only under advancedNetworking, where AWS documents it', () => {
    const { construct } = nodeClass();
    const at = (spec: object) =>
      schemaErrors([{ ...construct.manifest, spec: { ...construct.manifest.spec, ...spec } }]);
    expect(at({ advancedNetworking: { ipv4PrefixSize: '32' } })).toEqual([]);
    expect(at({ ipv4PrefixSize: '32' }).join('\n')).toMatch(/\/spec should NOT have additional properties/);
    expect(at({ advancedNetworking: { ipv4PrefixSize: '28' } }).join('\n')).toMatch(
      /ipv4PrefixSize should be equal to one of the allowed values/,
    );
  });

  test('the NodePool schema catches a broken pool (it can fail)', () => {
    const { construct } = nodeClass();
    const pool = construct.addNodePool('General').manifest;
    const [first, ...rest] = pool.spec.template.spec.requirements;
    const broken = {
      ...pool,
      spec: {
        ...pool.spec,
        template: {
          ...pool.spec.template,
          spec: { ...pool.spec.template.spec, requirements: [{ ...first, operator: 'Equals' }, ...rest] },
        },
        weight: 101,
      },
    };
    const errors = schemaErrors([broken]);
    const where = `NodePool/${pool.metadata.name}: /spec`;
    expect(errors).toContain(
      `${where}/template/spec/requirements/0/operator should be equal to one of the allowed values`,
    );
    expect(errors).toContain(`${where}/weight should be <= 100`);
    expect(errors).toHaveLength(2);
  });

  test('every field is rendered under the name AWS documents', () => {
    const { spec } = nodeClass(FULL);
    expect(spec).toEqual({
      role: expect.anything(),
      subnetSelectorTerms: [{ id: 'subnet-0a1b2c3d' }, { tags: { 'kubernetes.io/role/internal-elb': '1' } }],
      securityGroupSelectorTerms: [{ name: 'eks-nodes' }],
      podSubnetSelectorTerms: [{ tags: { 'netkit/pods': 'true' } }],
      podSecurityGroupSelectorTerms: [{ id: 'sg-0123abcd' }],
      snatPolicy: 'Disabled',
      networkPolicy: 'DefaultDeny',
      networkPolicyEventLogs: 'Enabled',
      advancedNetworking: {
        associatePublicIPAddress: false,
        httpsProxy: 'http://192.0.2.4:3128',
        noProxy: ['localhost', '169.254.169.254', '.eks.amazonaws.com'],
        ipv4PrefixSize: '32',
      },
      ephemeralStorage: { size: '200Gi', iops: 6000, throughput: 500, kmsKeyID: 'alias/nodes' },
      tags: { team: 'platform' },
    });
  });

  test('the schema holds the cross-field rules of the pages (it can fail)', () => {
    const { construct } = nodeClass();
    const spec = construct.manifest.spec;
    const errors = (extra: object) => schemaErrors([{ ...construct.manifest, spec: { ...spec, ...extra } }]).join('\n');
    const nic = (n: object) => ({ advancedNetworking: { networkInterfaces: [n] } });
    expect(errors(nic({ networkCardIndex: 0, deviceIndex: 0, interfaceType: 'efa-only' }))).toMatch(
      /should match "then" schema/,
    );
    expect(
      errors(nic({ networkCardIndex: 1, deviceIndex: 0, interfaceType: 'interface', secondaryIPv4Count: 2 })),
    ).toMatch(/should match "then" schema/);
    expect(
      errors(
        nic({
          networkCardIndex: 0,
          deviceIndex: 0,
          interfaceType: 'interface',
          secondaryIPv4Count: 2,
          secondaryIPv4PrefixCount: 1,
        }),
      ),
    ).toMatch(/should NOT be valid/);
    expect(errors({ capacityReservationSelectorTerms: [{ id: 'cr-1', owner: '012345678901' }] })).toMatch(
      /should match exactly one schema in oneOf/,
    );
    expect(errors({ advancedSecurity: { kernelLockdown: 'Integrity' } })).toMatch(
      /should be equal to one of the allowed values/,
    );
    expect(errors({ placementGroupSelector: { name: 'a', id: 'pg-1' } })).toMatch(
      /should match exactly one schema in oneOf/,
    );
    expect(errors({ certificateBundles: [{ name: 'ca' }] })).toMatch(/should have required property 'data'/);
  });

  test('every prop lands at the path AWS documents, and the schema takes the result', () => {
    const { spec, construct } = nodeClass(EVERY);
    expect(schemaErrors([construct.manifest])).toEqual([]);
    expect(spec.advancedNetworking).toEqual({
      associatePublicIPAddress: false,
      httpsProxy: 'http://192.0.2.4:3128',
      noProxy: ['localhost', '169.254.169.254', '.eks.amazonaws.com'],
      ipv4PrefixSize: '32',
      enableV4Egress: false,
      networkInterfaces: [
        { networkCardIndex: 0, deviceIndex: 0, interfaceType: 'interface', secondaryIPv4PrefixCount: 2 },
        { networkCardIndex: 0, deviceIndex: 1, interfaceType: 'efa-only' },
        { networkCardIndex: 1, deviceIndex: 0, interfaceType: 'efa-only' },
      ],
    });
    expect(spec.advancedSecurity).toEqual({ fips: true, kernelLockdown: 'integrity' });
    expect(spec.certificateBundles).toEqual([
      { name: 'proxy-ca', data: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUIK' },
    ]);
    expect(spec.capacityReservationSelectorTerms).toEqual([
      { id: 'cr-56fac701cc1951b03' },
      { tags: { app: 'ml' }, owner: '012345678901' },
    ]);
    expect(spec.placementGroupSelector).toEqual({ name: 'ml-training-pg' });
    // Nothing else at the top of spec: the documented fields and nothing more.
    expect(Object.keys(spec).sort()).toEqual(
      [
        'role',
        'subnetSelectorTerms',
        'securityGroupSelectorTerms',
        'podSubnetSelectorTerms',
        'podSecurityGroupSelectorTerms',
        'capacityReservationSelectorTerms',
        'placementGroupSelector',
        'snatPolicy',
        'networkPolicy',
        'networkPolicyEventLogs',
        'advancedNetworking',
        'advancedSecurity',
        'certificateBundles',
        'ephemeralStorage',
        'tags',
      ].sort(),
    );
  });

  test('static interfaces bound max pods by the addresses they list: 2 /28 prefixes = 32 pod IPs + 2', () => {
    const { construct } = nodeClass(EVERY);
    // 32 + 2 host-network pods = 34, below Auto Mode's 110 and m5.xlarge's ENI limit.
    expect(MaxPods.calculate('m5.xlarge', { podNetworking: construct.podNetworking }).maxPods).toBe(34);
  });

  test('capacity reservations on one class warn that Auto Mode changes its use of open reservations cluster-wide', () => {
    const { stack } = nodeClass({ capacityReservationSelectorTerms: [{ id: 'cr-0123abcd' }] });
    Annotations.fromStack(stack).hasWarning(
      '/Test/Workers',
      Match.stringLikeRegexp('every NodeClass of cluster Test/Cluster: .*no longer launches into open ODCRs'),
    );
    const plain = nodeClass();
    Annotations.fromStack(plain.stack).hasNoWarning('/Test/Workers', Match.stringLikeRegexp('capacityReservation'));
  });

  test('ipv4PrefixSize on an IPv6 cluster is an error naming the prop, the value and why', () => {
    const { stack, cluster } = autoCluster({ ipFamily: eks.IpFamily.IP_V6 });
    expect(
      () => new AutoModeNodeClass(stack, 'Workers', { cluster, ipv4PrefixSize: Ipv4PrefixSize.SINGLE_ADDRESS }),
    ).toThrow(
      /Test\/Workers: ipv4PrefixSize \('32'\) chooses how EKS Auto Mode gives pods IPv4 addresses .* cluster Test\/Cluster is IPv6 .*leave ipv4PrefixSize unset/,
    );
    // Without it, and with the IPv6 cluster's own IPv4 setting, the class is fine.
    const fine = new AutoModeNodeClass(stack, 'Fine', { cluster, enableV4Egress: false });
    expect(fine.manifest.spec.advancedNetworking).toEqual({ enableV4Egress: false });
  });

  test('enableV4Egress on an IPv4 cluster warns that it has no effect there', () => {
    const { stack } = nodeClass({ enableV4Egress: false });
    Annotations.fromStack(stack).hasWarning(
      '/Test/Workers',
      Match.stringLikeRegexp('enableV4Egress applies to IPv6 clusters only; cluster Test/Cluster is IPv4'),
    );
  });

  test('defaults: boot-safe ephemeral storage, the private subnets and the cluster security group', () => {
    const { spec, construct } = nodeClass();
    // 250 MiB/s is twice gp3's 125 baseline, which Auto Mode uses by default.
    expect(spec.ephemeralStorage).toEqual({ size: '100Gi', iops: 3000, throughput: 250 });
    expect(spec.subnetSelectorTerms).toHaveLength(2); // the default VPC's private subnets, one per AZ of an env-agnostic stack
    expect(spec.securityGroupSelectorTerms).toHaveLength(1);
    expect(spec.ipv4PrefixSize).toBeUndefined();
    expect(spec.advancedNetworking).toBeUndefined();
    expect(construct.nodeClassName).toBe('workers');
    // The class feeds the capacity math: Auto prefix mode on m5.xlarge, min(110, 4 × 14 × 16 + 2) = 110.
    expect(MaxPods.calculate('m5.xlarge', { podNetworking: construct.podNetworking }).maxPods).toBe(110);
  });
});

describe('AutoModeNodeClass resources', () => {
  test('node role with the Auto Mode managed policies, an EC2 access entry with AmazonEKSAutoNodePolicy', () => {
    const { stack } = nodeClass();
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'ec2.amazonaws.com' } })],
      }),
      ManagedPolicyArns: [
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonEKSWorkerNodeMinimalPolicy']] },
        {
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonEC2ContainerRegistryPullOnly']],
        },
      ],
    });
    template.hasResourceProperties('AWS::EKS::AccessEntry', {
      Type: 'EC2',
      PrincipalArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WorkersNodeRole'), 'Arn'] },
      AccessPolicies: [
        {
          AccessScope: { Type: 'cluster' },
          PolicyArn: {
            'Fn::Join': [
              '',
              ['arn:', { Ref: 'AWS::Partition' }, ':eks::aws:cluster-access-policy/AmazonEKSAutoNodePolicy'],
            ],
          },
        },
      ],
    });
  });

  test('destroy order: NodePool → NodeClass → access entry → role (each depends on the next)', () => {
    const { stack, construct } = nodeClass();
    construct.addNodePool('General');
    const resources = Template.fromStack(stack).toJSON().Resources as Record<string, any>;
    const id = (prefix: string, type: string) =>
      Object.keys(resources).find((k) => k.startsWith(prefix) && resources[k].Type === type)!;
    const pool = id('WorkersGeneral', 'Custom::AWSCDK-EKS-KubernetesResource');
    const cls = id('Workers', 'Custom::AWSCDK-EKS-KubernetesResource');
    const entry = id('WorkersAccessEntry', 'AWS::EKS::AccessEntry');
    expect(resources[pool].DependsOn).toContain(cls);
    expect(resources[cls].DependsOn).toContain(entry);
    expect(JSON.stringify(resources[entry].Properties.PrincipalArn)).toMatch(/WorkersNodeRole/);
    const manifestText = (logicalId: string) =>
      JSON.stringify(resources[logicalId].Properties.Manifest).replace(/\\/g, '');
    expect(manifestText(cls)).toMatch(/"kind":"NodeClass"/);
    expect(manifestText(pool)).toMatch(/"kind":"NodePool".*"group":"eks\.amazonaws\.com"/);
  });
});

describe('AutoModeNodeClass bad input', () => {
  test.each<[Partial<AutoModeNodeClassProps>, RegExp]>([
    [
      { ephemeralStorage: { iops: 20000 } },
      /Test\/Workers: ephemeralStorage\.iops \(20000\) must be a whole number from 3000 to 16000/,
    ],
    [
      { ephemeralStorage: { throughputMiBps: 100 } },
      /ephemeralStorage\.throughputMiBps \(100\) must be a whole number from 125 to 1000/,
    ],
    [
      { ephemeralStorage: { sizeGiB: 60000 } },
      /ephemeralStorage\.sizeGiB \(60000\) must be a whole number from 1 to 59000/,
    ],
    [
      { ephemeralStorage: { iops: 3000, throughputMiBps: 1000 } },
      /throughputMiBps \(1000\) exceeds gp3's 0\.25 MiB\/s per provisioned IOPS \(3000 IOPS allow 750\); raise iops to at least 4000/,
    ],
    // The data volume's gp3 rule: at most 500 IOPS per GiB above the 3000 every volume gets.
    [
      { ephemeralStorage: { sizeGiB: 1, iops: 16000 } },
      /Test\/Workers: ephemeralStorage\.iops \(16000\) exceeds gp3's 500 IOPS per GiB for 1 GiB; raise sizeGiB to at least 32 or lower iops to 3000/,
    ],
    [
      { ephemeralStorage: { sizeGiB: 20, iops: 12000 } },
      /ephemeralStorage\.iops \(12000\) exceeds gp3's 500 IOPS per GiB for 20 GiB; raise sizeGiB to at least 24 or lower iops to 10000/,
    ],
    [{ name: 'default' }, /name 'default' must be a lower-case DNS name other than 'default'/],
    [{ ipv4PrefixSize: '28' as Ipv4PrefixSize }, /ipv4PrefixSize '28' is not one of Auto, 32/],
    [{ snatPolicy: 'random' as AutoModeSnatPolicy }, /snatPolicy 'random' is not one of Random, Disabled/],
    [{ subnetSelectorTerms: [] }, /subnetSelectorTerms is empty/],
    [
      { subnetSelectorTerms: [{ id: 'subnet-12345678', tags: { a: 'b' } }] },
      /subnetSelectorTerms\[0\] has id and tags; give exactly one of id, tags/,
    ],
    [{ subnetSelectorTerms: [{ name: 'x' }] }, /subnetSelectorTerms\[0\]\.name: subnets are selected by id or tags/],
    [
      { podSubnetSelectorTerms: [{ id: 'subnet-12345678' }] },
      /podSubnetSelectorTerms and podSecurityGroupSelectorTerms go together/,
    ],
    [{ httpsProxy: 'proxy:3128' }, /httpsProxy 'proxy:3128' must be an http:\/\/ or https:\/\/ URL/],
    [{ noProxy: ['localhost'] }, /noProxy is set without httpsProxy/],
    [
      { httpsProxy: 'http://p:1', noProxy: Array.from({ length: 51 }, (_, i) => `h${i}`) },
      /noProxy has 51 entries; AWS allows at most 50/,
    ],
    [{ tags: { 'karpenter.sh/nodepool': 'x' } }, /tags: 'karpenter\.sh\/nodepool' is a tag Auto Mode manages itself/],
    [
      { certificateBundles: [{ name: 'ca', data: '-----BEGIN CERTIFICATE-----' }] },
      /certificateBundles\[0\]\.data is PEM text; AWS takes it base64-encoded/,
    ],
    [{ certificateBundles: [{ name: 'ca', data: 'not base64!' }] }, /certificateBundles\[0\]\.data is not base64/],
    [
      {
        certificateBundles: [
          { name: 'ca', data: 'QUJD' },
          { name: 'ca', data: 'REVG' },
        ],
      },
      /certificateBundles\[1\]\.name 'ca' is used twice/,
    ],
    [
      {
        certificateBundles: [
          { name: 'ca', data: 'QUJD' },
          { name: 'ca', data: 'QUJD' },
        ],
      },
      /Test\/Workers: certificateBundles\[1\] \(an object with name, data\) is listed twice, also as certificateBundles\[0\]; give each entry once/,
    ],
    [
      { advancedSecurity: { kernelLockdown: 'Integrity' as AutoModeKernelLockdown } },
      /kernelLockdown 'Integrity' is not one of integrity, none/,
    ],
    [
      { capacityReservationSelectorTerms: [{ id: 'cr-1', tags: { a: 'b' } }] },
      /capacityReservationSelectorTerms\[0\] has both id and tags; give exactly one/,
    ],
    [
      { capacityReservationSelectorTerms: [{ id: 'cr-1', owner: '012345678901' }] },
      /capacityReservationSelectorTerms\[0\]\.owner filters tag matches only/,
    ],
    [
      { capacityReservationSelectorTerms: [{ tags: { a: 'b' }, owner: '1234' }] },
      /capacityReservationSelectorTerms\[0\]\.owner '1234' is not a 12-digit AWS account ID/,
    ],
    [
      { capacityReservationSelectorTerms: [{ id: 'odcr-1' }] },
      /\.id 'odcr-1' is not a capacity reservation ID \(cr-…\)/,
    ],
    [
      {
        networkInterfaces: [
          { networkCardIndex: 0, deviceIndex: 0, interfaceType: AutoModeInterfaceType.EFA_ONLY, secondaryIpv4Count: 4 },
        ],
      },
      /networkInterfaces\[0\] is efa-only, which takes no IP addresses/,
    ],
    [
      {
        networkInterfaces: [
          { networkCardIndex: 0, deviceIndex: 0, interfaceType: AutoModeInterfaceType.EFA_ONLY },
          {
            networkCardIndex: 0,
            deviceIndex: 1,
            interfaceType: AutoModeInterfaceType.INTERFACE,
            secondaryIpv4Count: 4,
          },
        ],
      },
      /networkInterfaces\[0\] is the primary ENI \(card 0, device 0\), which must be interfaceType 'interface'/,
    ],
    [
      {
        networkInterfaces: [
          {
            networkCardIndex: 0,
            deviceIndex: 0,
            interfaceType: AutoModeInterfaceType.INTERFACE,
            secondaryIpv4Count: 4,
            secondaryIpv4PrefixCount: 1,
          },
        ],
      },
      /sets both secondaryIpv4Count and secondaryIpv4PrefixCount; AWS allows one per interface/,
    ],
    [
      {
        networkInterfaces: [
          {
            networkCardIndex: 0,
            deviceIndex: 0,
            interfaceType: AutoModeInterfaceType.INTERFACE,
            secondaryIpv4Count: 4,
          },
          {
            networkCardIndex: 1,
            deviceIndex: 0,
            interfaceType: AutoModeInterfaceType.INTERFACE,
            secondaryIpv4Count: 4,
          },
        ],
      },
      /networkInterfaces\[1\]: secondary IPv4 counts are only supported on network card 0 \(this is card 1\)/,
    ],
    [
      { networkInterfaces: [{ networkCardIndex: 1, deviceIndex: 0, interfaceType: AutoModeInterfaceType.EFA_ONLY }] },
      /networkInterfaces has no primary ENI/,
    ],
    [
      { networkInterfaces: [{ networkCardIndex: 0, deviceIndex: 0, interfaceType: AutoModeInterfaceType.INTERFACE }] },
      /networkInterfaces assign no pod addresses .* Auto Mode adds none after launch/,
    ],
    [
      {
        associatePublicIpAddress: true,
        networkInterfaces: [
          {
            networkCardIndex: 0,
            deviceIndex: 0,
            interfaceType: AutoModeInterfaceType.INTERFACE,
            secondaryIpv4Count: 4,
          },
          { networkCardIndex: 1, deviceIndex: 0, interfaceType: AutoModeInterfaceType.EFA_ONLY },
        ],
      },
      /associatePublicIpAddress cannot be true with more than one network interface/,
    ],
    [
      {
        networkInterfaces: [
          {
            networkCardIndex: -1,
            deviceIndex: 0,
            interfaceType: AutoModeInterfaceType.INTERFACE,
            secondaryIpv4Count: 4,
          },
        ],
      },
      /networkInterfaces\[0\]\.networkCardIndex \(-1\) must be a whole number/,
    ],
    [{ placementGroup: {} }, /placementGroup has neither name nor id; give exactly one/],
    [{ placementGroup: { id: 'ml-pg' } }, /placementGroup\.id 'ml-pg' is not a placement group ID \(pg-…\)/],
  ])('%j → %s', (props, message) => {
    expect(() => nodeClass(props)).toThrow(message);
  });

  test("a small volume keeps gp3's 3000 baseline IOPS; 500 per GiB bound only what is provisioned above it", () => {
    expect(() => nodeClass({ ephemeralStorage: { sizeGiB: 1 } })).not.toThrow();
    expect(() => nodeClass({ ephemeralStorage: { sizeGiB: 1, iops: 3000, throughputMiBps: 750 } })).not.toThrow();
    expect(() => nodeClass({ ephemeralStorage: { sizeGiB: 32, iops: 16000 } })).not.toThrow();
  });

  test('a cluster without a kubectl provider, or without Auto Mode, is refused clearly', () => {
    const noKubectl = autoCluster({}, false);
    expect(() => new AutoModeNodeClass(noKubectl.stack, 'Workers', { cluster: noKubectl.cluster })).toThrow(
      /Test\/Workers applies a NodeClass manifest, but cluster Test\/Cluster has no kubectl provider; create the cluster with kubectlProviderOptions/,
    );
    const mng = autoCluster({ defaultCapacityType: eks.DefaultCapacityType.NODEGROUP, defaultCapacity: 0 });
    new AutoModeNodeClass(mng.stack, 'Workers', { cluster: mng.cluster });
    expect(() => Template.fromStack(mng.stack)).toThrow(
      /EKS Auto Mode is off for cluster Test\/Cluster according to cluster Test\/Cluster as created in this app, so nothing would launch its nodes; create the cluster with DefaultCapacityType\.AUTOMODE/,
    );
  });

  test('deploy-time tokens pass unchecked', () => {
    const { stack, cluster } = autoCluster();
    const size = new eks.Cluster(stack, 'Other', { version: eks.KubernetesVersion.V1_35 }).clusterName;
    expect(
      () =>
        new AutoModeNodeClass(stack, 'Tokens', {
          cluster,
          name: 'tokens',
          httpsProxy: size,
          subnetSelectorTerms: [{ id: size }],
          tags: { team: size },
        }),
    ).not.toThrow();
  });
});

describe('the cluster compute', () => {
  test('aws-eks-v2 clusters are Auto Mode unless told otherwise; imported ones are unknown', () => {
    expect(autoModeStateOf(autoCluster().cluster)).toBe(AutoModeState.ENABLED);
    expect(
      autoModeStateOf(
        autoCluster({ defaultCapacityType: eks.DefaultCapacityType.NODEGROUP, defaultCapacity: 0 }).cluster,
      ),
    ).toBe(AutoModeState.DISABLED);
    const { stack } = autoCluster();
    const imported = eks.Cluster.fromClusterAttributes(stack, 'Imported', { clusterName: 'x' });
    expect(autoModeStateOf(imported)).toBe(AutoModeState.UNKNOWN);
  });

  test('an imported cluster gets a warning, not silence', () => {
    const { stack } = autoCluster();
    const imported = eks.Cluster.fromClusterAttributes(stack, 'Imported', {
      clusterName: 'x',
      clusterSecurityGroupId: 'sg-0abc1234',
      kubectlProvider: eks.KubectlProvider.fromKubectlProviderAttributes(stack, 'Provider', {
        serviceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:kubectl',
        role: undefined as any,
      }),
    });
    new AutoModeNodeClass(stack, 'Workers', {
      cluster: imported,
      subnetSelectorTerms: [{ id: 'subnet-0abc1234' }],
      securityGroupSelectorTerms: [{ id: 'sg-0abc1234' }],
    });
    Annotations.fromStack(stack).hasWarning(
      '/Test/Workers',
      Match.stringLikeRegexp('cannot tell whether cluster Test/Imported runs EKS Auto Mode'),
    );
  });
});

describe('the cluster networking context knows the Auto Mode node classes', () => {
  test('a node class registers as Auto Mode compute, not as a Karpenter node class', () => {
    const { cluster, construct } = nodeClass();
    const compute = ClusterNetworkingContext.of(cluster).clusterCompute;
    expect(compute.autoModeNodeClasses).toEqual([construct]);
    expect(compute.karpenterNodeClasses).toEqual([]);
    expect(compute.managedNodegroups).toEqual([]);
  });

  test('an imported cluster declared Auto Mode takes a node class without a warning', () => {
    const { stack } = autoCluster();
    const imported = eks.Cluster.fromClusterAttributes(stack, 'Imported', {
      clusterName: 'x',
      clusterSecurityGroupId: 'sg-0abc1234',
      kubectlProvider: eks.KubectlProvider.fromKubectlProviderAttributes(stack, 'Provider', {
        serviceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:kubectl',
        role: undefined as any,
      }),
    });
    ClusterNetworkingContext.of(imported).declare({ autoMode: true });
    new AutoModeNodeClass(stack, 'Workers', {
      cluster: imported,
      subnetSelectorTerms: [{ id: 'subnet-0abc1234' }],
      securityGroupSelectorTerms: [{ id: 'sg-0abc1234' }],
    });
    expect(ClusterNetworkingContext.of(imported).autoModeState).toBe(AutoModeState.ENABLED);
    Annotations.fromStack(stack).hasNoWarning('/Test/Workers', Match.anyValue());
  });

  test('an imported cluster declared without Auto Mode refuses a node class', () => {
    const { stack } = autoCluster();
    const imported = eks.Cluster.fromClusterAttributes(stack, 'Imported', {
      clusterName: 'x',
      kubectlProvider: eks.KubectlProvider.fromKubectlProviderAttributes(stack, 'Provider', {
        serviceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:kubectl',
        role: undefined as any,
      }),
    });
    // Declared after the class: the class reads the declaration at synth.
    new AutoModeNodeClass(stack, 'Workers', {
      cluster: imported,
      subnetSelectorTerms: [{ id: 'subnet-0abc1234' }],
      securityGroupSelectorTerms: [{ id: 'sg-0abc1234' }],
    });
    ClusterNetworkingContext.of(imported).declare({ autoMode: false });
    expect(() => Template.fromStack(stack)).toThrow(
      /EKS Auto Mode is off for cluster Test\/Imported according to the declaration on Test\/Imported\/NetkitNetworkingContext/,
    );
  });

  test.each([
    ['node class first', true],
    ['node group first', false],
  ])(
    'default pod networking of managed and Karpenter nodes never takes the Auto Mode mode (%s)',
    (_, nodeClassFirst) => {
      const { stack, cluster } = autoCluster();
      const nodeRole = new iam.Role(stack, 'KarpenterRole', {
        assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      });
      const auto = () => new AutoModeNodeClass(stack, 'Workers', { cluster, ipv4PrefixSize: Ipv4PrefixSize.AUTO });
      if (nodeClassFirst) auto();
      const nodes = new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.large'] });
      const karpenter = new KarpenterNodeClass(stack, 'Karpenter', { cluster, nodeRole });
      if (!nodeClassFirst) auto();
      // The cluster has no VpcCni of the library: managed nodes run the VPC CNI defaults, secondary IPs.
      expect(nodes.podNetworking.describe()).toBe(PodNetworking.secondaryIps().describe());
      expect(karpenter.podNetworking.describe()).toBe(PodNetworking.secondaryIps().describe());
      // m5.large: 3 ENIs × (10 − 1) IPs + 2 = 29 with secondary IPs; Auto Mode /28 prefixes would give
      // 3 × 9 × 16 + 2 = 434, capped at 110.
      expect(nodes.maxPods).toBe(3 * (10 - 1) + 2);
      // And no error from the mode check: an Auto Mode class is not a node class whose mode must match the cluster's.
      expect(() => Template.fromStack(stack)).not.toThrow();
    },
  );
});
