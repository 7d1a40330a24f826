import { App, Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  AddonResolveConflicts,
  AutoModeNodeClass,
  AutoModeNodeClassProps,
  AutoModeNodePoolOptions,
  ClusterJob,
  ClusterNetworkingContext,
  DaemonSetReadinessGate,
  KarpenterCapacityType,
  KarpenterNodeClass,
  KarpenterNodeClassProps,
  KubeProxy,
  KubeProxyMode,
  MaxPods,
  MaxPodsExpression,
  MaxPodsExpressionDialect,
  NetkitGuardrails,
  NetworkBaseline,
  NetworkObservability,
  NetworkObservabilityProps,
  NodeImage,
  NodeLocalDnsCache,
  PodNetworking,
  TunedNodegroup,
  VpcCni,
} from '../lib';
import { importedTestCluster, testCluster } from './fixtures/cluster';
import { testApp } from './util';
import { closestName, findPropProblem } from '../lib/private/prop-rules';
import { describeValue } from '../lib/private/validators';

/** Every public prop answers bad input with the prop, the value and the fix, and the construct path. */
function nodeClass(props: Partial<KarpenterNodeClassProps>) {
  const { stack, cluster } = testCluster();
  const nodeRole = new iam.Role(stack, 'NodeRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
  return () => new KarpenterNodeClass(stack, 'Karpenter', { cluster, nodeRole, ...props });
}

function warnings(stack: any): string[] {
  return Annotations.fromStack(stack)
    .findWarning('*', Match.anyValue())
    .map((m) => String(m.entry.data))
    .filter((text) => text.includes('[ack: cdk-eks-netkit:'));
}

describe('Kubernetes names and namespaces that are not DNS labels', () => {
  test.each([
    [
      'namespace',
      { daemonSetName: 'node-agent', namespace: 'Kube_System' },
      /Test\/Gate: namespace \('Kube_System'\) is not a DNS label/,
    ],
    [
      'daemonSetName',
      { daemonSetName: 'agent;rm', namespace: 'kube-system' },
      /daemonSetName \('agent;rm'\) is not a Kubernetes object name/,
    ],
  ])('%s', (_, props, message) => {
    const { stack, cluster } = testCluster();
    expect(() => new DaemonSetReadinessGate(stack, 'Gate', { cluster, ...props })).toThrow(message);
  });

  test('Karpenter EC2NodeClass and NodePool names', () => {
    expect(nodeClass({ name: 'Default' })).toThrow(
      /Test\/Karpenter: name \('Default'\) is not a Kubernetes object name/,
    );
    expect(nodeClass({ nodePool: { name: 'pool_1' } })).toThrow(/nodePool\.name \('pool_1'\)/);
  });

  test('NodeLocal DNSCache dnsDomain', () => {
    const { stack, cluster } = testCluster({ clusterProps: { serviceIpv4Cidr: '172.20.0.0/16' } });
    expect(() => new NodeLocalDnsCache(stack, 'Dns', { cluster, dnsDomain: 'cluster.local.' })).toThrow(
      /dnsDomain \('cluster\.local\.'\) is not a Kubernetes object name/,
    );
  });
});

test('node labels that are not Kubernetes labels', () => {
  const { stack, cluster } = testCluster({ kubectl: false });
  expect(
    () =>
      new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.large'], labels: { team: 'web; rm -rf /' } }),
  ).toThrow(/Test\/Nodes: labels\['team'\] \('web; rm -rf \/'\) is not a Kubernetes label value/);
  expect(
    () =>
      new TunedNodegroup(stack, 'Ok', {
        cluster,
        instanceTypes: ['m5.large'],
        labels: { 'example.com/team': 'web', tier: '' },
      }),
  ).not.toThrow();
});

test('node group names', () => {
  const { stack, cluster } = testCluster({ kubectl: false });
  expect(
    () => new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.large'], nodegroupName: 'web nodes' }),
  ).toThrow(/Test\/Nodes: nodegroupName \('web nodes'\) is not a node group name: use 1-63 letters/);
});

describe('IP addresses and CIDRs', () => {
  test('kubeDnsIp that is not an address, or outside the service CIDR', () => {
    const { stack, cluster } = testCluster({ clusterProps: { serviceIpv4Cidr: '172.20.0.0/16' } });
    expect(() => new NodeLocalDnsCache(stack, 'A', { cluster, kubeDnsIp: '172.20.0.0/16' })).toThrow(
      /Test\/A: kubeDnsIp \('172\.20\.0\.0\/16'\) is not an IP address; e\.g\. 10\.100\.0\.10/,
    );
    expect(() => new NodeLocalDnsCache(stack, 'B', { cluster, kubeDnsIp: '10.100.0.10' })).toThrow(
      /kubeDnsIp \(10\.100\.0\.10\) is outside the cluster's service CIDR 172\.20\.0\.0\/16/,
    );
  });

  test.each([
    ['169.254.20.10', /kubeDnsIp \('169\.254\.20\.10'\) is a link-local address, which no DNS server or Service has/],
    ['127.0.0.1', /kubeDnsIp \('127\.0\.0\.1'\) is a loopback address/],
    ['0.0.0.0', /kubeDnsIp \('0\.0\.0\.0'\) is a "this network" address/],
    ['224.0.0.1', /is a multicast address/],
    ['255.255.255.255', /is a reserved or broadcast address/],
    ['::1', /kubeDnsIp \('::1'\) is a loopback address/],
    ['fe80::1', /is a link-local address/],
  ])('kubeDnsIp %s can never be a Service address, even when the service CIDR is unknown', (kubeDnsIp, message) => {
    const { stack, cluster } = importedTestCluster();
    expect(() => new NodeLocalDnsCache(stack, 'Dns', { cluster, kubeDnsIp })).toThrow(message);
  });

  test.each([
    ['172.20.0.0', /is the network address of the service CIDR 172\.20\.0\.0\/16/],
    ['172.20.0.1', /is the first address of the service CIDR 172\.20\.0\.0\/16, which the kubernetes Service/],
    ['172.20.255.255', /is the last \(broadcast\) address/],
  ])('kubeDnsIp %s is an address of the service CIDR kube-dns cannot have', (kubeDnsIp, message) => {
    const { stack, cluster } = testCluster({ clusterProps: { serviceIpv4Cidr: '172.20.0.0/16' } });
    expect(() => new NodeLocalDnsCache(stack, 'Dns', { cluster, kubeDnsIp })).toThrow(
      new RegExp(
        `Test/Dns: kubeDnsIp \\(${kubeDnsIp.replace(/\./g, '\\.')}\\) ${message.source}.*\\(172\\.20\\.0\\.10\\)`,
      ),
    );
  });

  test("kubeDnsIp equal to node-cache's own IPv6 listen address would make it forward to itself", () => {
    const { stack, cluster } = testCluster({ clusterProps: { ipFamily: eks.IpFamily.IP_V6 } });
    expect(() => new NodeLocalDnsCache(stack, 'Dns', { cluster, kubeDnsIp: 'fd00::10' })).toThrow(
      /Test\/Dns: kubeDnsIp \(fd00::10\) is node-cache's own listen address, so it would forward every query to itself/,
    );
  });

  test('wrong family: an IPv4 kube-dns address for NodeLocal DNSCache on an IPv6 cluster', () => {
    const { stack, cluster } = testCluster({ clusterProps: { ipFamily: eks.IpFamily.IP_V6 } });
    expect(() => new NodeLocalDnsCache(stack, 'Dns', { cluster, kubeDnsIp: '172.20.0.10' })).toThrow(
      /Test\/Dns: kubeDnsIp \(172\.20\.0\.10\) is an IPv4 address, but cluster Test\/Cluster is IPv6.*leave kubeDnsIp unset/,
    );
  });

  test('declared clusterDns: not an address, duplicates, empty, loopback', () => {
    const context = ClusterNetworkingContext.of(importedTestCluster().cluster);
    expect(() => context.declare({ clusterDns: ['169.254.20.10:53'] })).toThrow(
      /clusterDns\[0\] \('169\.254\.20\.10:53'\) is not an IP address/,
    );
    expect(() => context.declare({ clusterDns: ['169.254.20.10', '169.254.20.10'] })).toThrow(
      /clusterDns\[1\] \('169\.254\.20\.10'\) is listed twice, also as clusterDns\[0\]; give each entry once/,
    );
    expect(() => context.declare({ clusterDns: [] })).toThrow(/clusterDns \(\[\]\) is empty/);
    expect(() => context.declare({ clusterDns: ['127.0.0.1'] })).toThrow(
      /clusterDns\[0\] \('127\.0\.0\.1'\) is a loopback address, which no DNS server or Service has/,
    );
    expect(() => context.declare({ clusterDns: ['0.0.0.0'] })).toThrow(
      /clusterDns\[0\] \('0\.0\.0\.0'\) is a "this network" address/,
    );
  });

  test('declared clusterDns outside the service CIDR of the cluster the app created', () => {
    const { cluster } = testCluster({ clusterProps: { serviceIpv4Cidr: '172.20.0.0/16' } });
    const context = ClusterNetworkingContext.of(cluster);
    expect(() => context.declare({ clusterDns: ['10.100.0.10'] })).toThrow(
      /Test\/Cluster\/NetkitNetworkingContext: clusterDns entry '10\.100\.0\.10' is outside the cluster's service CIDR 172\.20\.0\.0\/16/,
    );
    // kube-dns's address and a node-local cache's link-local one are both right.
    expect(() => context.declare({ clusterDns: ['169.254.20.10', '172.20.0.10'] })).not.toThrow();
  });
});

describe('versions that are not versions', () => {
  test('add-on versions', () => {
    const { stack, cluster } = testCluster();
    expect(() => new KubeProxy(stack, 'KubeProxy', { cluster, addonVersion: '1.35' })).toThrow(
      /Test\/KubeProxy: addonVersion \('1\.35'\) is not an EKS add-on version: expected vX\.Y\.Z-eksbuild\.N/,
    );
  });

  test('AMI versions', () => {
    expect(nodeClass({ amiVersion: '2026-07-14' })).toThrow(/amiVersion \('2026-07-14'\) is not an EKS AMI release/);
  });

  test('VPC CNI versions', () => {
    expect(() => PodNetworking.secondaryIps({ cniVersion: 'latest' })).toThrow(
      /cniVersion 'latest' is not a VPC CNI version/,
    );
  });
});

test('empty lists', () => {
  expect(nodeClass({ nodePool: { capacityTypes: [] } })).toThrow(
    /nodePool\.capacityTypes is empty; give on-demand and\/or spot/,
  );
  const { stack, cluster } = testCluster({ kubectl: false });
  expect(() => new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: [] })).toThrow(
    /instanceTypes \(\[\]\) is empty; give at least one instance type/,
  );
});

test('mixed CPU architectures', () => {
  const { stack, cluster } = testCluster({ kubectl: false });
  expect(() => new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m6i.large', 'm7g.large'] })).toThrow(
    /mix CPU architectures/,
  );
});

describe('strings outside an enum', () => {
  test.each([
    [
      'resolveConflicts',
      () => {
        const { stack, cluster } = testCluster();
        new KubeProxy(stack, 'KubeProxy', { cluster, resolveConflicts: 'FORCE' as AddonResolveConflicts });
      },
      /resolveConflicts \('FORCE'\) must be one of OVERWRITE, NONE, PRESERVE/,
    ],
    [
      'kube-proxy mode',
      () => {
        const { stack, cluster } = testCluster();
        new KubeProxy(stack, 'KubeProxy', { cluster, mode: 'nftables' as KubeProxyMode });
      },
      /mode \('nftables'\) must be one of iptables, ipvs/,
    ],
    [
      'NodeLocal kubeProxyMode',
      () => {
        const { stack, cluster } = testCluster({ clusterProps: { serviceIpv4Cidr: '172.20.0.0/16' } });
        new NodeLocalDnsCache(stack, 'Dns', { cluster, kubeProxyMode: 'IPVS' as KubeProxyMode });
      },
      /kubeProxyMode \('IPVS'\) must be one of iptables, ipvs/,
    ],
    [
      'Karpenter capacity types',
      nodeClass({ nodePool: { capacityTypes: ['reserved' as KarpenterCapacityType] } }),
      /nodePool\.capacityTypes \('reserved'\) must be one of on-demand, spot/,
    ],
    [
      'IPVS scheduler',
      () => {
        const { stack, cluster } = testCluster();
        new KubeProxy(stack, 'KubeProxy', { cluster, mode: KubeProxyMode.IPVS, ipvsScheduler: 'fastest' });
      },
      /ipvsScheduler \('fastest'\) is not an IPVS scheduler; use one of rr, wrr/,
    ],
  ])('%s', (_, create, message) => {
    expect(create).toThrow(message);
  });
});

describe('values interpolated into shell or YAML', () => {
  test('a readiness-gate host with shell syntax', () => {
    const { stack, cluster } = testCluster();
    expect(
      () =>
        new DaemonSetReadinessGate(stack, 'Gate', {
          cluster,
          daemonSetName: 'agent',
          namespace: 'kube-system',
          host: 'api.example.com; curl evil',
        }),
    ).toThrow(/host \('api\.example\.com; curl evil'\) is not a host name or IP address/);
  });

  test.each(['999.999.999.999', '10.0.0.256', ':::::', '1:2:3:4:5:6:7:8:9:10', '12345'])(
    'a readiness-gate host %s that is neither a host name nor an IP address',
    (host) => {
      const { stack, cluster } = testCluster();
      expect(
        () =>
          new DaemonSetReadinessGate(stack, 'Gate', { cluster, daemonSetName: 'a', namespace: 'b', host, port: 53 }),
      ).toThrow(`Test/Gate: host ('${host}') is not a host name or IP address`);
    },
  );

  test.each([
    [
      { host: 'kube-dns.kube-system.svc' },
      /host \('kube-dns\.kube-system\.svc'\) is given without port; the gate would wait on the kubernetes Service's port/,
    ],
    [{ port: 9153 }, /port \(9153\) is given without host; the gate would wait on the kubernetes Service's host/],
  ])('a readiness-gate %j without its pair', (target, message) => {
    const { stack, cluster } = testCluster();
    expect(
      () => new DaemonSetReadinessGate(stack, 'Gate', { cluster, daemonSetName: 'a', namespace: 'b', ...target }),
    ).toThrow(message);
  });

  test('a Karpenter AMI alias with YAML syntax', () => {
    expect(nodeClass({ amiVersion: 'latest\nspec: {}' })).toThrow(
      /amiVersion \('latest\nspec: \{\}'\) is not an EKS AMI release/,
    );
  });
});

describe('options that only apply in another mode', () => {
  test('ipvsScheduler with kube-proxy in iptables mode: a warning', () => {
    const { stack, cluster } = testCluster();
    new KubeProxy(stack, 'KubeProxy', { cluster, ipvsScheduler: 'lc' });
    expect(warnings(stack)).toEqual([
      expect.stringMatching(/ipvsScheduler \('lc'\) only applies in ipvs mode and is ignored/),
    ]);
  });

  test('custom-networking security groups and an enforcing mode without those features: warnings', () => {
    const { stack, cluster } = testCluster();
    new VpcCni(stack, 'VpcCni', {
      cluster,
      customNetworkingSecurityGroups: [cluster.clusterSecurityGroup],
      podSecurityGroupEnforcingMode: 'standard' as any,
    });
    expect(warnings(stack)).toEqual([
      expect.stringMatching(/customNetworkingSecurityGroups only applies with custom networking/),
      expect.stringMatching(/podSecurityGroupEnforcingMode only applies with security groups for pods/),
    ]);
  });

  test('warmPrefixTarget without prefix delegation: an error', () => {
    const { stack, cluster } = testCluster();
    expect(() => new VpcCni(stack, 'VpcCni', { cluster, warmPrefixTarget: 2 })).toThrow(
      /warmPrefixTarget \(2\) only applies with prefix delegation/,
    );
  });

  test('prefix delegation on a Xen type: a warning at synth', () => {
    const { stack, cluster } = testCluster({ kubectl: false });
    new TunedNodegroup(stack, 'Nodes', {
      cluster,
      instanceTypes: ['m4.large'],
      podNetworking: PodNetworking.prefixDelegation(),
    });
    expect(warnings(stack)).toEqual([expect.stringMatching(/prefix delegation does not apply to m4\.large/)]);
  });
});

describe('one shared check per concept, tokens never in synth-time arithmetic', () => {
  test('VpcCni refuses a look-alike PodNetworking and Auto Mode networking, as TunedNodegroup does', () => {
    const fake = { sameMathAs: () => true, describe: () => 'fake' } as any;
    const { stack, cluster } = testCluster();
    expect(() => new VpcCni(stack, 'Fake', { cluster, podNetworking: fake })).toThrow(
      /Test\/Fake: podNetworking \(an object with sameMathAs, describe\) is not a PodNetworking/,
    );
    expect(() => new VpcCni(stack, 'Auto', { cluster, podNetworking: PodNetworking.autoMode() })).toThrow(
      /Test\/Auto: podNetworking \(a PodNetworking\) is Auto Mode pod networking/,
    );
  });

  test('EC2 API limits must be known at synth: the budget is arithmetic on them', () => {
    expect(
      () =>
        new NetkitGuardrails({
          ec2ApiLimits: {
            CreateNetworkInterface: {
              bucketMaximumCapacity: Token.asNumber(Lazy.number({ produce: () => 1 })),
              bucketRefillRate: 5,
            },
          },
        }),
    ).toThrow(
      /ec2ApiLimits: CreateNetworkInterface\.bucketMaximumCapacity \(a deploy-time token\) is a deploy-time token/,
    );
    expect(() => new NetkitGuardrails({ ec2ApiLimits: null as any })).toThrow(
      /ec2ApiLimits \(null\) is not a map of EC2 API name to Ec2ApiLimit/,
    );
  });

  test('TunedNodegroup refuses options for a data volume that is off, and duplicate instance types', () => {
    const { stack, cluster } = testCluster();
    expect(
      () =>
        new TunedNodegroup(stack, 'Off', {
          cluster,
          instanceTypes: ['m5.large'],
          dataVolume: { enabled: false, sizeGiB: 100 },
        }),
    ).toThrow(/Test\/Off: dataVolume\.sizeGiB is set, but dataVolume\.enabled is false/);
    expect(() => new TunedNodegroup(stack, 'Twice', { cluster, instanceTypes: ['m5.large', 'm5.large'] })).toThrow(
      /Test\/Twice: instanceTypes\[1\] \('m5\.large'\) is listed twice/,
    );
  });

  test('a token GC threshold on an imported cluster is named, not printed as its encoding', () => {
    const { stack, cluster } = importedTestCluster();
    const threshold = Token.asNumber(Lazy.number({ produce: () => 100 }));
    expect(() => new NetworkBaseline(stack, 'Baseline', { cluster, terminatedPodGcThreshold: threshold })).toThrow(
      /terminatedPodGcThreshold \(a deploy-time token\) needs a cluster this app creates/,
    );
  });
});
describe('keys a struct does not have are refused, with the prop meant', () => {
  const nodes = (props: Record<string, unknown>) => {
    const { stack, cluster } = testCluster({ kubectl: false });
    return () => new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.large'], ...props } as any);
  };

  test('top-level and nested misspellings name the struct, the path and the closest prop', () => {
    expect(nodes({ maxsize: 5 })).toThrow(
      /^Test\/Nodes: TunedNodegroupProps has no prop 'maxsize'; did you mean 'maxSize'\? Its props are: .*maxSize/,
    );
    expect(nodes({ kubelet: { maxPod: 50 } })).toThrow(
      /KubeletTuningOptions has no prop 'maxPod' \(kubelet\.maxPod\); did you mean 'maxPods'\?/,
    );
    expect(nodes({ dataVolume: { size: 100 } })).toThrow(/did you mean 'sizeGiB'\?/);
  });

  test('maps (labels) take any key; a key set to undefined says nothing', () => {
    expect(nodes({ labels: { anyKey: 'web' }, maxsize: undefined })).not.toThrow();
  });

  test('static factories and guardrail options go through the same check', () => {
    expect(() => PodNetworking.secondaryIps({ prefixDelegation: true } as any)).toThrow(
      /PodNetworkingOptions has no prop 'prefixDelegation'/,
    );
    expect(() => PodNetworking.ipv6({ maxEni: 2 } as any)).toThrow(/Ipv6PodNetworkingOptions has no prop 'maxEni'/);
    expect(() => MaxPods.calculate('m5.large', { prefixDelegation: true } as any)).toThrow(
      /MaxPodsOptions has no prop 'prefixDelegation'/,
    );
    const stack = new Stack(new App(), 'S');
    expect(() => NetkitGuardrails.enable(stack, { burstSeconds: 30 } as any)).toThrow(
      /NetkitGuardrailsOptions has no prop 'burstSeconds'; did you mean 'ec2ApiBurstSeconds'\?/,
    );
    expect(() =>
      NetkitGuardrails.enable(stack, {
        ec2ApiLimits: { CreateNetworkInterface: { bucketMaximumCapacity: 100, bucketRefillRate: 5, burst: 3 } as any },
      }),
    ).toThrow(/ec2ApiLimits: Ec2ApiLimit has no prop 'burst' \(CreateNetworkInterface\.burst\)/);
  });

  test('the closest prop: another case first, then edit distance, then a prefix', () => {
    expect(closestName('nodeLocalDNS', ['nodeLocalDns', 'coreDns'])).toBe('nodeLocalDns');
    expect(closestName('maxPod', ['maxPods', 'podsPerCore'])).toBe('maxPods');
    expect(closestName('size', ['sizeGiB', 'iops'])).toBe('sizeGiB');
    expect(closestName('localIp', ['kubeDnsIp', 'dnsDomain'])).toBeUndefined();
  });
});

/** An imported cluster with its pod networking declared: node groups check their kubelet settings when created. */
function declaredCluster() {
  const { stack, cluster } = importedTestCluster();
  ClusterNetworkingContext.of(cluster).declare({ podNetworking: PodNetworking.secondaryIps() });
  return { stack, cluster };
}

describe('whole numbers past 32 bits are refused', () => {
  test('props without a bound of their own get the int32 one, with the reason', () => {
    const { stack, cluster } = testCluster();
    expect(() => new VpcCni(stack, 'Cni', { cluster, warmEniTarget: 1e12 })).toThrow(
      /Test\/Cni: warmEniTarget \(1000000000000\) is beyond ±2147483647 \(Kubernetes and AWS APIs take 32-bit integers\)/,
    );
    expect(() => new VpcCni(stack, 'Max', { cluster, warmEniTarget: 2_147_483_647 })).not.toThrow(/32-bit/);
  });

  test('kubelet props are named with their prefix', () => {
    const { stack, cluster } = declaredCluster();
    expect(
      () => new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.large'], kubelet: { maxPods: 2.5 } }),
    ).toThrow(/kubelet\.maxPods \(2\.5\)/);
    expect(
      () =>
        new TunedNodegroup(stack, 'Burst', { cluster, instanceTypes: ['m5.large'], kubelet: { registryBurst: 1e12 } }),
    ).toThrow(/kubelet\.registryBurst \(1000000000000\) is beyond/);
  });

  test('EC2 API limits: whole-token capacities, finite rates; MAX_ENI', () => {
    const limit =
      (bucketMaximumCapacity: number, bucketRefillRate = 5) =>
      () =>
        new NetkitGuardrails({ ec2ApiLimits: { CreateNetworkInterface: { bucketMaximumCapacity, bucketRefillRate } } });
    expect(limit(0.5)).toThrow(/CreateNetworkInterface\.bucketMaximumCapacity \(0\.5\) must be a whole number ≥ 1/);
    expect(limit(1e308)).toThrow(/bucketMaximumCapacity \(1e\+308\) is beyond ±2147483647/);
    expect(limit(100, 1e300)).toThrow(/bucketRefillRate \(1e\+300\) is beyond/);
    expect(limit(100, 0.5)).not.toThrow();
    expect(() => PodNetworking.secondaryIps({ maxEni: 1e9 })).toThrow(
      /maxEni \(1000000000\) must be a whole number from 1 to 1000/,
    );
  });
});

describe('messages describe what was passed', () => {
  test('a Stack is a construct, not a deploy-time token; constructs are named by kind and path', () => {
    const { stack, cluster } = testCluster({ kubectl: false });
    const base = { cluster, instanceTypes: ['m5.large'] };
    expect(() => new TunedNodegroup(stack, 'A', { ...base, nodeRole: stack as any })).toThrow(
      /nodeRole \(the stack Test\) is not an IAM role/,
    );
    expect(() => new TunedNodegroup(stack, 'B', { ...base, nodeRole: new sns.Topic(stack, 'T') as any })).toThrow(
      /nodeRole \(the SNS topic Test\/T\) is not an IAM role/,
    );
    expect(() => ClusterNetworkingContext.of(stack as any)).toThrow(/\(the stack Test\) is not an aws-eks-v2 cluster/);
  });

  test('a and an', () => {
    expect(findPropProblem('AutoModeEphemeralStorage', 'x', 'ephemeralStorage.')).toMatch(
      /is not an AutoModeEphemeralStorage object/,
    );
  });

  test('huge values are cut in messages', () => {
    const { stack, cluster } = declaredCluster();
    let message = '';
    try {
      new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.' + 'x'.repeat(100_000)] });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/… \(10000\d characters\)/);
    expect(message.length).toBeLessThan(1000);
    expect(describeValue('y'.repeat(500))).toBe(`'${'y'.repeat(80)}… (500 characters)'`);
  });
});

describe('null for optional props, and SubnetSelection contents', () => {
  const nodes = (props: Record<string, unknown>) => {
    const { stack, cluster } = testCluster({ kubectl: false });
    return () => new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.large'], ...props } as any);
  };

  test.each(['podNetworking', 'nodeRole', 'subnets'])('%s: null is refused by name', (prop) => {
    expect(nodes({ [prop]: null })).toThrow(new RegExp(`Test/Nodes: ${prop} \\(null\\) is null.*leave ${prop} out`));
  });

  test('SubnetSelection fields are checked', () => {
    expect(nodes({ subnets: { subnetType: 'PRIVATE' } })).toThrow(
      /subnets\.subnetType \('PRIVATE'\) must be one of .*Private/,
    );
    expect(nodes({ subnets: { subnetGroupName: 42 } })).toThrow(/subnets\.subnetGroupName \(42\) is a number/);
    expect(nodes({ subnets: { availabilityZones: 'us-east-1a' } })).toThrow(/subnets\.availabilityZones/);
    expect(nodes({ subnets: { subnets: ['subnet-1'] } })).toThrow(
      /subnets\.subnets\[0\] \('subnet-1'\) is not a subnet/,
    );
    expect(nodes({ subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } })).not.toThrow();
  });
});

describe('static functions check their options and scope', () => {
  test('options that are not objects', () => {
    expect(() => PodNetworking.ipv6('x' as any)).toThrow(/options \('x'\) is not an Ipv6PodNetworkingOptions object/);
    expect(() => PodNetworking.autoMode(5 as any)).toThrow(
      /options \(5\) is not an AutoModePodNetworkingOptions object/,
    );
    expect(() => PodNetworking.autoMode([] as any)).toThrow(/is not an AutoModePodNetworkingOptions object/);
    expect(MaxPods.calculateAll(null as any).length).toBeGreaterThan(100);
  });

  test('guardrails: null options are the defaults; a bad scope or ec2ApiLimits is named', () => {
    const stack = new Stack(new App(), 'S');
    expect(() => NetkitGuardrails.enable(stack, null as any)).not.toThrow();
    expect(() => NetkitGuardrails.enable(null as any)).toThrow(/scope \(null\) is missing: scope must be a construct/);
    expect(() => NetkitGuardrails.enable('MyStack' as any)).toThrow(/scope \('MyStack'\) is not a construct/);
    expect(() => NetkitGuardrails.acknowledge(undefined as any, 'NETKIT-DNS2', 'ok')).toThrow(/scope \(undefined\)/);
    for (const ec2ApiLimits of [null, 'abc', []]) {
      expect(() => new NetkitGuardrails({ ec2ApiLimits } as any)).toThrow(
        /ec2ApiLimits \(.*\) is not a map of EC2 API name to Ec2ApiLimit/,
      );
    }
  });
});

describe('inputs too large to be meant', () => {
  test('a max-pods expression nested 20,000 deep is refused by its size, not a stack overflow', () => {
    const deep = `${'('.repeat(20000)}1${')'.repeat(20000)}`;
    expect(() => MaxPodsExpression.check(deep, MaxPodsExpressionDialect.NODEADM)).toThrow(
      /^expression is 40001 characters with 20000 nested parentheses; a max-pods expression is at most 1000 characters and 32 levels deep/,
    );
  });

  test('reserved ENIs beyond any instance type are refused, in the calculator and in declared Karpenter facts', () => {
    expect(() => MaxPods.calculateAll({ reservedEnis: 1e9 })).toThrow(/reservedEnis \(1000000000\)/);
    const { cluster } = testCluster();
    expect(() => ClusterNetworkingContext.of(cluster).declare({ karpenter: { version: '1.15.2' } as any })).toThrow(
      /karpenter\.reservedEnis .*is missing/,
    );
  });
});

describe('values of a documented shape are checked against it', () => {
  const ENV = { account: '123456789012', region: 'us-east-1' };
  function autoModeClass(props: Partial<AutoModeNodeClassProps> = {}, context: Record<string, unknown> = {}) {
    const { stack, cluster } = testCluster({
      app: testApp({ context }),
      stackProps: { env: ENV },
      clusterProps: { defaultCapacityType: eks.DefaultCapacityType.AUTOMODE, defaultCapacity: undefined },
    });
    return () => new AutoModeNodeClass(stack, 'Class', { cluster, ...props });
  }
  const autoModePool =
    (options: AutoModeNodePoolOptions, context: Record<string, unknown> = {}) =>
    () =>
      autoModeClass({}, context)().addNodePool('Pool', options);

  test('selector term ids are EC2 IDs of the kind the list selects', () => {
    expect(autoModeClass({ subnetSelectorTerms: [{ id: 'vpc-123' }] })).toThrow(
      /Test\/Class: subnetSelectorTerms\[0\]\.id \('vpc-123'\) is not a subnet ID: expected subnet- and 8 or 17 lower-case hex digits; e\.g\. subnet-0123456789abcdef0/,
    );
    expect(autoModeClass({ securityGroupSelectorTerms: [{ id: 'subnet-0123456789abcdef0' }] })).toThrow(
      /securityGroupSelectorTerms\[0\]\.id \('subnet-0123456789abcdef0'\) is a subnet ID, not a security group ID/,
    );
    expect(
      autoModeClass({
        podSubnetSelectorTerms: [{ id: 'subnet-0123456789abcdef0' }],
        podSecurityGroupSelectorTerms: [{ id: 'sg-12' }],
      }),
    ).toThrow(/podSecurityGroupSelectorTerms\[0\]\.id \('sg-12'\) is not a security group ID/);
    expect(autoModeClass({ subnetSelectorTerms: [{ id: 'subnet-0123456789ABCDEF0' }] })).toThrow(/is not a subnet ID/);
    expect(
      autoModeClass({
        subnetSelectorTerms: [{ id: 'subnet-12345678' }, { id: 'subnet-0123456789abcdef0' }],
        securityGroupSelectorTerms: [{ id: 'sg-0123456789abcdef0' }, { name: 'eks-nodes' }],
      }),
    ).not.toThrow();
  });

  test('the ephemeral storage KMS key is a key ID, key ARN, alias or alias ARN', () => {
    for (const kmsKeyId of ['not-a-key', '', 'arn:aws:kms:us-east-1:123456789012:secret/x', 'alias/']) {
      expect(autoModeClass({ ephemeralStorage: { kmsKeyId } })).toThrow(/ephemeralStorage\.kmsKeyId \(.*\) is .*KMS/);
    }
    for (const kmsKeyId of [
      '1234abcd-12ab-34cd-56ef-1234567890ab',
      'mrk-1234abcd12ab34cd56ef1234567890ab',
      'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      'alias/ebs-nodes',
      'arn:aws-us-gov:kms:us-gov-west-1:123456789012:alias/ebs-nodes',
    ]) {
      expect(autoModeClass({ ephemeralStorage: { kmsKeyId } })).not.toThrow();
    }
  });

  test('NodePool instance categories and Availability Zones', () => {
    expect(autoModePool({ instanceCategories: ['zz'] })).toThrow(
      /Test\/Class\/Pool: instanceCategories\[0\] \('zz'\) is not an instance category .*known: a, c, .*m, .*r, .*t/,
    );
    expect(autoModePool({ instanceCategories: ['c', 'm', 'r', 'inf', 'trn'] })).not.toThrow();
    expect(autoModePool({ availabilityZones: [''] })).toThrow(
      /availabilityZones\[0\] \(''\) is not an Availability Zone name/,
    );
    expect(autoModePool({ availabilityZones: ['use1-az1'] })).toThrow(/\('use1-az1'\) is a zone ID/);
    expect(autoModePool({ availabilityZones: ['eu-west-1a'] })).toThrow(
      /availabilityZones\[0\] \('eu-west-1a'\) is in eu-west-1, but the stack deploys to us-east-1/,
    );
    expect(autoModePool({ availabilityZones: ['us-east-1a', 'us-west-2-lax-1a'] })).toThrow(/is in us-west-2/);
    expect(autoModePool({ availabilityZones: ['us-east-1a', 'us-east-1-bos-1a', 'us-east-1z'] })).not.toThrow();
    // With the Region's zones looked up (cdk.context.json), a zone it lacks is named.
    const looked = { 'availability-zones:account=123456789012:region=us-east-1': ['us-east-1a', 'us-east-1b'] };
    expect(autoModePool({ availabilityZones: ['us-east-1z'] }, looked)).toThrow(
      /\('us-east-1z'\) is not a zone of us-east-1 \(the app's looked-up zones: us-east-1a, us-east-1b\)/,
    );
    expect(autoModePool({ availabilityZones: ['us-east-1b'] }, looked)).not.toThrow();
  });

  test('an AMP workspace ARN names its workspace', () => {
    const observe = (props: Partial<NetworkObservabilityProps>) => {
      const { stack, cluster } = testCluster({ stackProps: { env: ENV } });
      return () => new NetworkObservability(stack, 'Network', { cluster, ...props });
    };
    expect(observe({ workspaceArn: 'arn:aws:aps:us-east-1:123456789012:workspace/' })).toThrow(
      /Test\/Network: workspaceArn \('arn:aws:aps:us-east-1:123456789012:workspace\/'\) has no workspace ID after workspace\//,
    );
    expect(observe({ workspaceArn: 'arn:aws:aps:us-east-1:123456789012:workspace/ws-a/b' })).toThrow(
      /has no workspace ID after workspace\/ \('ws-a\/b'/,
    );
    expect(
      observe({ workspaceArn: 'arn:aws:aps:us-east-1:123456789012:workspace/ws-1234abcd-12ab-34cd-56ef-1234567890ab' }),
    ).not.toThrow();
  });

  test('a ClusterJob manifest has a valid name and a spec', () => {
    const job = (manifest: Record<string, any>) => {
      const { stack, cluster } = testCluster();
      return () => new ClusterJob(stack, 'Job', { cluster, manifest });
    };
    const spec = {
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.37.0' }] } },
    };
    expect(job({ apiVersion: 'batch/v1', kind: 'Job' })).toThrow(
      /Test\/Job: manifest\.metadata \(undefined\) is missing; a Job needs metadata\.name/,
    );
    expect(job({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'Bad_Name' }, spec })).toThrow(
      /manifest\.metadata\.name \('Bad_Name'\) is not a Kubernetes object name/,
    );
    expect(job({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'ok', namespace: 'Default' }, spec })).toThrow(
      /manifest\.metadata\.namespace \('Default'\) is not a DNS label/,
    );
    expect(job({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate' } })).toThrow(
      /manifest\.spec \(undefined\) is missing; a Job needs spec\.template/,
    );
    expect(job({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate' }, spec: {} })).toThrow(
      /manifest\.spec\.template \(undefined\) is missing/,
    );
    expect(job({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'db.migrate' }, spec })).not.toThrow();
  });

  test('a ClusterJob manifest the Job API refuses: a long name, a restart policy, a TTL', () => {
    const { cluster, stack } = testCluster();
    const job = (name: string, spec: Record<string, any>, ttlSecondsAfterFinished?: number) => () =>
      new ClusterJob(stack, name, {
        cluster,
        manifest: { apiVersion: 'batch/v1', kind: 'Job', metadata: { name }, spec },
        ttlSecondsAfterFinished,
      });
    const pod = (restartPolicy: string) => ({
      template: { spec: { restartPolicy, containers: [{ name: 'c', image: 'busybox:1.37.0' }] } },
    });
    expect(job('a'.repeat(64), pod('Never'))).toThrow(
      /manifest\.metadata\.name \('a{64}'\) is longer than 63 characters, the most a Job name can have/,
    );
    expect(job('always', pod('Always'))).toThrow(
      /Test\/always: manifest\.spec\.template\.spec\.restartPolicy \('Always'\) is not Never or OnFailure/,
    );
    expect(job('negative', { ...pod('Never'), ttlSecondsAfterFinished: -5 })).toThrow(
      /manifest\.spec\.ttlSecondsAfterFinished \(-5\) must be a whole number ≥ 0/,
    );
    expect(job('text', { ...pod('Never'), ttlSecondsAfterFinished: '300' })).toThrow(
      /manifest\.spec\.ttlSecondsAfterFinished \('300'\) is a string, not a number; pass 300 without quotes/,
    );
    // Two TTLs: the manifest's would win and the prop would do nothing.
    expect(job('both', { ...pod('Never'), ttlSecondsAfterFinished: 600 }, 60)).toThrow(
      /Test\/both: ttlSecondsAfterFinished is set, but the manifest sets spec\.ttlSecondsAfterFinished \(600\), which wins, so it would be ignored; drop ttlSecondsAfterFinished/,
    );
    expect(job('ok', { ...pod('OnFailure'), ttlSecondsAfterFinished: 600 })).not.toThrow();
  });

  test('options another prop makes meaningless are refused, naming both', () => {
    const withEnv = () => testCluster({ stackProps: { env: ENV } });
    const observe = (props: Partial<NetworkObservabilityProps>) => {
      const { stack, cluster } = withEnv();
      return () => new NetworkObservability(stack, 'Network', { cluster, ...props });
    };
    const workspaceArn = `arn:aws:aps:${ENV.region}:${ENV.account}:workspace/ws-12345678-abcd-1234-abcd-123456789012`;
    expect(observe({ workspaceArn, workspaceLogging: false })).toThrow(
      /Test\/Network: workspaceLogging is set, but workspaceArn names an existing workspace, so none is created, so it would be ignored; drop workspaceLogging/,
    );
    expect(observe({ managedScraper: false, scraperSubnets: [] })).toThrow(
      /scraperSubnets is set, but managedScraper is false, so no scraper is created/,
    );
    const { stack, cluster } = withEnv();
    expect(() => new VpcCni(stack, 'Cni', { cluster, gateImage: 'mirror.example/busybox:1.37.0' })).toThrow(
      /Test\/Cni: gateImage is set, but the API server gate is off \(the default for a podNetworking the cluster decides\), so it would be ignored; drop gateImage, or set apiServerGate: true/,
    );
    const other = withEnv();
    expect(
      () =>
        new VpcCni(other.stack, 'Cni', {
          cluster: other.cluster,
          apiServerGate: false,
          gateImage: 'mirror.example/busybox:1.37.0',
        }),
    ).toThrow(/gateImage is set, but the API server gate is off \(apiServerGate: false\)/);
  });

  test('alarms with an empty alarmActions notify nobody: a warning says so', () => {
    const { stack, cluster } = testCluster({ stackProps: { env: ENV } });
    new NetworkObservability(stack, 'Network', { cluster, alarmActions: [] });
    Annotations.fromStack(stack).hasWarning(
      '/Test/Network',
      Match.stringLikeRegexp('alarmActions is empty, so the CloudWatch alarms notify nobody'),
    );
  });

  test('AMI releases are real dates for AL2023 and semantic versions for Bottlerocket', () => {
    expect(nodeClass({ amiVersion: 'v99999999' })).toThrow(
      /Test\/Karpenter: amiVersion \('v99999999'\) is not a real date \(vYYYYMMDD/,
    );
    expect(nodeClass({ amiVersion: 'v20260230' })).toThrow(/is not a real date/);
    expect(nodeClass({ amiVersion: 'v20260714' })).not.toThrow();
    expect(nodeClass({ amiVersion: 'v1.42.0' })).toThrow(
      /amiVersion \('v1\.42\.0'\) is not an AL2023 AMI release: .*set nodeImage to BOTTLEROCKET/,
    );
    expect(nodeClass({ amiVersion: 'v20260714', nodeImage: NodeImage.BOTTLEROCKET })).toThrow(
      /amiVersion \('v20260714'\) is not a Bottlerocket release: Bottlerocket versions its AMIs vX\.Y\.Z/,
    );
    expect(nodeClass({ amiVersion: 'v1.42.0', nodeImage: NodeImage.BOTTLEROCKET })).not.toThrow();
  });

  test('an empty user-data script is refused', () => {
    const { stack, cluster } = testCluster({ kubectl: false });
    expect(
      () => new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.large'], shellScripts: [' '] }),
    ).toThrow(/Test\/Nodes: shellScripts\[0\] \(' '\) is empty; give the script's commands, or leave the entry out/);
  });

  test('lists whose entries must differ: taints by key and effect, alert e-mails and URLs', () => {
    const { stack, cluster } = testCluster({ kubectl: false });
    const taint = (value: string, effect: eks.TaintEffect) => ({ key: 'dedicated', value, effect });
    expect(
      () =>
        new TunedNodegroup(stack, 'Nodes', {
          cluster,
          instanceTypes: ['m5.large'],
          taints: [taint('a', eks.TaintEffect.NO_SCHEDULE), taint('b', eks.TaintEffect.NO_SCHEDULE)],
        }),
    ).toThrow(/Test\/Nodes: taints\[1\] \('dedicated:NO_SCHEDULE'\) repeats the key and effect of taints\[0\]/);
    expect(
      () =>
        new TunedNodegroup(stack, 'Both', {
          cluster,
          instanceTypes: ['m5.large'],
          taints: [taint('a', eks.TaintEffect.NO_SCHEDULE), taint('a', eks.TaintEffect.NO_EXECUTE)],
        }),
    ).not.toThrow();
    const observed = testCluster({ stackProps: { env: ENV } });
    expect(
      () =>
        new NetworkObservability(observed.stack, 'Network', {
          cluster: observed.cluster,
          alertEmails: ['oncall@example.com', 'OnCall@Example.com'],
        }),
    ).toThrow(
      /Test\/Network: alertEmails\[1\] \('OnCall@Example\.com'\) is listed twice, also as alertEmails\[0\]; give each entry once/,
    );
    expect(
      () =>
        new NetworkObservability(observed.stack, 'Network2', {
          cluster: observed.cluster,
          alertHttpsUrls: ['https://hooks.example.com/a', 'https://hooks.example.com/a'],
        }),
    ).toThrow(/alertHttpsUrls\[1\] \('https:\/\/hooks\.example\.com\/a'\) is listed twice/);
  });
});

describe("subnets given for the cluster's nodes, pods and scraper", () => {
  const env = { stackProps: { env: { account: '111111111111', region: 'us-east-1' } } };
  /** A second VPC in the same stack, whose subnets the cluster cannot use. */
  const otherVpc = (stack: Stack) => new ec2.Vpc(stack, 'Other', { ipAddresses: ec2.IpAddresses.cidr('10.9.0.0/16') });

  test.each([
    [
      'selects no subnet',
      { subnets: [] },
      /Test\/Nodes: subnets selects no subnet; select subnets of the cluster's VPC/,
    ],
    [
      'selects no subnet of the zones given',
      { availabilityZones: ['us-west-2a'] },
      /Test\/Nodes: subnets selects no subnet/,
    ],
  ])('a node group whose subnet selection %s', (_, subnets, message) => {
    const { stack, cluster } = testCluster(env);
    expect(
      () => new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.large'], subnets: subnets as any }),
    ).toThrow(message);
  });

  test("a node group on another VPC's subnets", () => {
    const { stack, cluster } = testCluster(env);
    const subnets = { subnets: otherVpc(stack).privateSubnets };
    expect(() => new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.large'], subnets })).toThrow(
      /Test\/Nodes: subnets\[0\] \(Test\/Other\/PrivateSubnet1\) is not in the cluster's VPC Test\/Vpc/,
    );
  });

  test("a node group on subnets of another Region's zones", () => {
    const { stack, cluster } = testCluster(env);
    const subnet = ec2.Subnet.fromSubnetAttributes(stack, 'Far', {
      subnetId: 'subnet-far',
      availabilityZone: 'eu-west-1a',
    });
    expect(
      () =>
        new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.large'], subnets: { subnets: [subnet] } }),
    ).toThrow(/subnets\[0\] \(Test\/Far\) is in eu-west-1a, a zone of eu-west-1, but the stack deploys to us-east-1/);
  });

  test("custom networking subnets of another Region's zones", () => {
    const { stack, cluster } = testCluster(env);
    const subnets = ['eu-west-1a', 'eu-west-1b'].map((az) =>
      ec2.Subnet.fromSubnetAttributes(stack, `Pod-${az}`, { subnetId: `subnet-${az}`, availabilityZone: az }),
    );
    expect(
      () =>
        new VpcCni(stack, 'Cni', {
          cluster,
          podNetworking: PodNetworking.secondaryIps({ customNetworking: true }),
          customNetworkingSubnets: subnets,
        }),
    ).toThrow(/Test\/Cni: customNetworkingSubnets\[0\] \(Test\/Pod-eu-west-1a\) is in eu-west-1a, a zone of eu-west-1/);
  });

  test('scraper subnets of another VPC, or imported without their zone', () => {
    const { stack, cluster } = testCluster(env);
    expect(
      () => new NetworkObservability(stack, 'Network', { cluster, scraperSubnets: otherVpc(stack).privateSubnets }),
    ).toThrow(/Test\/Network: scraperSubnets\[0\] \(Test\/Other\/PrivateSubnet1\) is not in the cluster's VPC/);
    // A subnet imported by ID alone has no zone the app knows: the zone checks are skipped, not crashed on.
    const imported = testCluster(env);
    const byId = ['subnet-x', 'subnet-y'].map((id) => ec2.Subnet.fromSubnetId(imported.stack, id, id));
    expect(
      () => new NetworkObservability(imported.stack, 'ById', { cluster: imported.cluster, scraperSubnets: byId }),
    ).not.toThrow();
  });
});

describe('VPC CNI settings a newer release brought', () => {
  test.each([
    [
      { podNetworking: PodNetworking.secondaryIps({ cniVersion: '1.12.0' }), ipCooldownPeriodSeconds: 10 },
      /ipCooldownPeriodSeconds \(10\) sets IP_COOLDOWN_PERIOD, which VPC CNI 1\.15\.0 brought, but the cluster runs 1\.12\.0/,
    ],
    [
      { addonVersion: 'v1.14.1-eksbuild.1', ipCooldownPeriodSeconds: 10 },
      /ipCooldownPeriodSeconds \(10\) sets IP_COOLDOWN_PERIOD, which VPC CNI 1\.15\.0 brought, but the cluster runs v1\.14\.1-eksbuild\.1; upgrade the VPC CNI or drop ipCooldownPeriodSeconds/,
    ],
    [
      { podNetworking: PodNetworking.ipv6({ cniVersion: '1.15.0' }), ipv4Egress: false },
      /ipv4Egress \(false\) sets ENABLE_V4_EGRESS, which VPC CNI 1\.15\.1 brought/,
    ],
  ])('%#: refused on an older CNI, which would ignore it', (props, message) => {
    const ipv6 = props.podNetworking?.ipv6Enabled;
    const { stack, cluster } = testCluster({ clusterProps: ipv6 ? { ipFamily: eks.IpFamily.IP_V6 } : {} });
    expect(() => new VpcCni(stack, 'Cni', { cluster, ...props })).toThrow(new RegExp(`Test/Cni: ${message.source}`));
  });

  test('accepted on the release that brought it', () => {
    const { stack, cluster } = testCluster({ clusterProps: { ipFamily: eks.IpFamily.IP_V6 } });
    expect(
      () =>
        new VpcCni(stack, 'Cni', {
          cluster,
          podNetworking: PodNetworking.ipv6({ cniVersion: '1.15.1' }),
          ipv4Egress: false,
          ipCooldownPeriodSeconds: 10,
        }),
    ).not.toThrow();
  });
});

describe('node group settings EKS, EC2 or the kubelet would refuse at deploy or boot', () => {
  const nodes = (props: Record<string, unknown>, instanceTypes = ['m5.large']) => {
    const { stack, cluster } = testCluster();
    return () => new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes, ...props });
  };

  test.each([
    [
      eks.NodegroupAmiType.AL2023_ARM_64_STANDARD,
      ['m5.large'],
      /amiType AL2023_ARM_64_STANDARD is for arm64 instances, but instanceTypes \(m5\.large\) are x86_64; use AL2023_x86_64_STANDARD/,
    ],
    [
      eks.NodegroupAmiType.AL2023_X86_64_STANDARD,
      ['m7g.large'],
      /amiType AL2023_x86_64_STANDARD is for x86_64 instances, but instanceTypes \(m7g\.large\) are arm64/,
    ],
    [
      eks.NodegroupAmiType.AL2023_X86_64_NVIDIA,
      ['m5.large'],
      /amiType AL2023_x86_64_NVIDIA is for NVIDIA GPU instances \(p and g families\), but m5\.large has none/,
    ],
    [
      eks.NodegroupAmiType.AL2023_X86_64_NEURON,
      ['g5.xlarge'],
      /amiType AL2023_x86_64_NEURON is for AWS Neuron instances \(inf and trn families\), but g5\.xlarge has none/,
    ],
  ])('amiType %s on %j', (amiType, instanceTypes, message) => {
    expect(nodes({ amiType }, instanceTypes)).toThrow(new RegExp(`Test/Nodes: ${message.source}`));
  });

  test('an accelerated amiType on instance types with that accelerator is accepted', () => {
    expect(nodes({ amiType: eks.NodegroupAmiType.AL2023_X86_64_NVIDIA }, ['g5.xlarge'])).not.toThrow();
  });

  test('labels in the kubernetes.io namespace the kubelet may not set', () => {
    expect(nodes({ labels: { 'node-role.kubernetes.io/worker': 'true' } })).toThrow(
      /Test\/Nodes: labels key \('node-role\.kubernetes\.io\/worker'\) is in the node-role\.kubernetes\.io namespace, where a kubelet may only set/,
    );
    expect(nodes({ labels: { 'kubernetes.io/role': 'y' } })).toThrow(/labels key \('kubernetes\.io\/role'\)/);
    expect(nodes({ labels: { 'node.kubernetes.io/pool': 'web', 'example.com/role': 'web' } })).not.toThrow();
  });

  test('a taint without an effect', () => {
    expect(nodes({ taints: [{ key: 'dedicated', value: 'x' }] })).toThrow(
      /Test\/Nodes: taints\[0\]\.effect \(undefined\) is missing; a taint needs an effect/,
    );
  });

  test('a Bottlerocket root volume smaller than its OS image', () => {
    expect(nodes({ nodeImage: NodeImage.BOTTLEROCKET, rootVolumeSizeGiB: 1 })).toThrow(
      /rootVolumeSizeGiB \(1\) must be a whole number from 2 to 65536; the BOTTLEROCKET root volume holds its 2 GiB OS image/,
    );
    expect(nodes({ nodeImage: NodeImage.BOTTLEROCKET, rootVolumeSizeGiB: 4 })).not.toThrow();
  });

  test('max pods below what the host-network pods take', () => {
    expect(nodes({ kubelet: { maxPods: 1 } })).toThrow(
      /maxPods \(1\) must be a whole number ≥ 3; aws-node and kube-proxy run on every node and count toward max pods/,
    );
    expect(() => MaxPods.calculate('m5.large', { maxPods: 2 })).toThrow(/maxPods \(2\) must be a whole number ≥ 3/);
  });

  test('a warm pool on a SPOT node group', () => {
    expect(nodes({ capacityType: eks.CapacityType.SPOT, warmPool: {} })).toThrow(
      /Test\/Nodes: warmPool is set on a SPOT node group, but EC2 Auto Scaling puts no warm pool on a group that requests Spot Instances/,
    );
  });
});

describe('settings that could never take effect', () => {
  test('a shell script without #! that cloud-init could not run', () => {
    const { stack, cluster } = testCluster();
    expect(
      () => new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.large'], shellScripts: ['echo hi'] }),
    ).toThrow(/Test\/Nodes: shellScripts\[0\] \('echo hi'\) does not start with #!, so cloud-init cannot run it/);
  });

  test.each([
    [
      'cniStartupThreshold of 2 hours',
      { cniStartupThreshold: Duration.hours(2) },
      /cniStartupThreshold \('2 hours'\) is longer than .*a slow start is reported during aws-node's first 60 minutes, so a longer threshold never fires/,
    ],
    [
      'coreDnsLatency of 1 day',
      { coreDnsLatency: Duration.days(1) },
      /coreDnsLatency \('1 day'\) is longer than .*CoreDNS's latency histogram ends at 8\.192 s, so a longer threshold never fires/,
    ],
  ])('an alert threshold that can never fire: %s', (_, props, message) => {
    const { stack, cluster } = testCluster({ stackProps: { env: { account: '123456789012', region: 'us-east-1' } } });
    expect(() => new NetworkObservability(stack, 'Network', { cluster, ...props })).toThrow(message);
  });

  test('a DNS domain with a label longer than DNS allows', () => {
    const { stack, cluster } = testCluster();
    expect(() => new NodeLocalDnsCache(stack, 'Dns', { cluster, dnsDomain: `${'a'.repeat(70)}.local` })).toThrow(
      /Test\/Dns: dnsDomain \('a+\.local'\) has a label of 70 characters; DNS allows at most 63/,
    );
  });

  test('a declared enforcing mode on a cluster without security groups for pods warns', () => {
    const { stack, cluster } = importedTestCluster();
    ClusterNetworkingContext.of(cluster).declare({
      podNetworking: PodNetworking.secondaryIps(),
      podSecurityGroupEnforcingMode: 'strict' as any,
    });
    Annotations.fromStack(stack).hasWarning(
      '/Test/Cluster/NetkitNetworkingContext',
      Match.stringLikeRegexp(
        'podSecurityGroupEnforcingMode strict is declared, but podNetworking .* has no security groups for pods',
      ),
    );
  });

  test('a guardrail acknowledged twice on one construct', () => {
    const { stack } = testCluster();
    NetkitGuardrails.acknowledge(stack, 'NETKIT-DNS2', 'a');
    expect(() => NetkitGuardrails.acknowledge(stack, 'NETKIT-DNS2', 'b')).toThrow(
      /Test: acknowledge NETKIT-DNS2: already acknowledged here \('a'\); acknowledge it once/,
    );
  });
});

test('a workspace key of another Region, which AMP cannot use', () => {
  const { stack, cluster } = testCluster({ stackProps: { env: { account: '111111111111', region: 'us-east-1' } } });
  const workspaceKey = kms.Key.fromKeyArn(
    stack,
    'Key',
    'arn:aws:kms:eu-west-1:111111111111:key/12345678-1234-1234-1234-123456789012',
  );
  expect(() => new NetworkObservability(stack, 'Network', { cluster, workspaceKey })).toThrow(
    /Test\/Network: workspaceKey \('arn:aws:kms:eu-west-1:.*'\) is in eu-west-1 but the stack deploys to us-east-1/,
  );
});

test("a kube-proxy add-on version of another Kubernetes minor than the cluster's", () => {
  const { stack, cluster } = testCluster();
  expect(() => new KubeProxy(stack, 'KubeProxy', { cluster, addonVersion: 'v1.11.4-eksbuild.2' })).toThrow(
    /Test\/KubeProxy: addonVersion \('v1\.11\.4-eksbuild\.2'\) is kube-proxy for Kubernetes 1\.11, but cluster Test\/Cluster runs 1\.35; use a v1\.35\.x-eksbuild\.N version/,
  );
  const other = testCluster();
  expect(
    () => new KubeProxy(other.stack, 'KubeProxy', { cluster: other.cluster, addonVersion: 'v1.35.0-eksbuild.2' }),
  ).not.toThrow();
});

test('guardrails enabled on a construct inside a stack, where they would check nothing', () => {
  const { stack, cluster } = testCluster();
  expect(() => NetkitGuardrails.enable(cluster)).toThrow(
    /Test\/Cluster: enable: scope Test\/Cluster is inside a stack, where the guardrails would check nothing; enable them on the App, a Stage or a Stack/,
  );
  expect(() => NetkitGuardrails.enable(stack)).not.toThrow();
});
