import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import {
  ClusterJob,
  ClusterNetworkingContext,
  CoreDns,
  DaemonSetReadinessGate,
  KubeProxy,
  KubeProxyMode,
  NodeLocalDnsCache,
  PodNetworking,
  PodSecurityGroupEnforcingMode,
  TunedNodegroup,
  VpcCni,
  VpcCniProps,
} from '../../lib';
import { KUBE_PROXY_COMMAND } from '../../lib/manifests/kube-proxy-patch';
import { nodeLocalDnsObjects } from '../../lib/manifests/node-local-dns';
import { resolveIntrinsics } from '../cluster/harness/template-replay';
import { importedTestCluster, testCluster, TEST_AZS } from '../fixtures/cluster';
import { schemaErrors } from '../schemas';
import { cfnJson, cfnText, launchTemplateUserData, nodeadmDropIns } from '../util';

const AZS = TEST_AZS;

/** A cluster in a VPC whose AZs are known at synth, so AZ checks can run. */
function setup(clusterProps: Partial<eks.ClusterProps> = {}) {
  return testCluster({ clusterProps });
}

const podSubnet = (stack: Stack, az: string) =>
  ec2.Subnet.fromSubnetAttributes(stack, `Pod-${az}`, { subnetId: `subnet-pod-${az}`, availabilityZone: az });

/** An add-on's configurationValues as JSON, with each deploy-time value shown as "<token>". */
function addonConfiguration(template: Template, addonName: string): any {
  const [addon] = Object.values(template.findResources('AWS::EKS::Addon', { Properties: { AddonName: addonName } }));
  return cfnJson(addon.Properties.ConfigurationValues);
}

function vpcCni(props: Partial<VpcCniProps> = {}) {
  const { stack, cluster } = setup();
  const cni = new VpcCni(stack, 'VpcCni', { cluster, ...props });
  return { stack, cluster, cni, template: Template.fromStack(stack) };
}

describe('VpcCni', () => {
  test('secondary IPs: explicit prefix-delegation off and CLUSTER_ENDPOINT from the cluster, all values strings', () => {
    const config = addonConfiguration(vpcCni().template, 'vpc-cni');
    expect(config).toEqual({ env: { ENABLE_PREFIX_DELEGATION: 'false', CLUSTER_ENDPOINT: '<token>' } });
  });

  test('prefix delegation with the warm prefix target, cooldown and MAX_ENI', () => {
    const config = addonConfiguration(
      vpcCni({
        podNetworking: PodNetworking.prefixDelegation({ maxEni: 3 }),
        warmPrefixTarget: 2,
        ipCooldownPeriodSeconds: 10,
      }).template,
      'vpc-cni',
    );
    expect(config.env).toMatchObject({
      ENABLE_PREFIX_DELEGATION: 'true',
      WARM_PREFIX_TARGET: '2',
      IP_COOLDOWN_PERIOD: '10',
      MAX_ENI: '3',
    });
    expect(Object.values(config.env).every((v) => typeof v === 'string')).toBe(true);
  });

  test('warm IP targets', () => {
    const config = addonConfiguration(
      vpcCni({ warmIpTarget: 5, minimumIpTarget: 10, clusterEndpoint: false }).template,
      'vpc-cni',
    );
    expect(config.env).toEqual({ ENABLE_PREFIX_DELEGATION: 'false', WARM_IP_TARGET: '5', MINIMUM_IP_TARGET: '10' });
  });

  test('custom networking: one ENIConfig per AZ, selected by the zone label', () => {
    const { stack, cluster } = setup();
    new VpcCni(stack, 'VpcCni', {
      cluster,
      podNetworking: PodNetworking.secondaryIps({ customNetworking: true }),
      customNetworkingSubnets: AZS.map((az) => podSubnet(stack, az)),
    });
    const config = addonConfiguration(Template.fromStack(stack), 'vpc-cni');
    expect(config.env).toMatchObject({
      AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true',
      ENI_CONFIG_LABEL_DEF: 'topology.kubernetes.io/zone',
    });
    expect(config.eniConfig).toEqual({
      create: true,
      region: '<token>',
      subnets: {
        'us-east-1a': { id: 'subnet-pod-us-east-1a', securityGroups: ['<token>'] },
        'us-east-1b': { id: 'subnet-pod-us-east-1b', securityGroups: ['<token>'] },
      },
    });
  });

  test('security groups for pods: pod ENIs, enforcing mode, early demux off, the VPC resource controller policy, the gate', () => {
    const { template } = vpcCni({
      podNetworking: PodNetworking.secondaryIps({ securityGroupsForPods: true }),
      podSecurityGroupEnforcingMode: PodSecurityGroupEnforcingMode.STANDARD,
    });
    const config = addonConfiguration(template, 'vpc-cni');
    expect(config.env).toMatchObject({ ENABLE_POD_ENI: 'true', POD_SECURITY_GROUP_ENFORCING_MODE: 'standard' });
    expect(config.init).toEqual({ env: { DISABLE_TCP_EARLY_DEMUX: 'true' } });
    template.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: Match.arrayWith([
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonEKSVPCResourceController']] },
      ]),
    });
    template.hasResourceProperties('Custom::AWSCDK-EKS-KubernetesPatch', {
      ResourceName: 'daemonset/aws-node',
      ResourceNamespace: 'kube-system',
    });
  });

  test('aws-node gets AmazonEKS_CNI_Policy through EKS Pod Identity, and conflicts are overwritten', () => {
    const { template } = vpcCni();
    template.hasResourceProperties('AWS::EKS::Addon', {
      AddonName: 'vpc-cni',
      ResolveConflicts: 'OVERWRITE',
      PodIdentityAssociations: [
        { ServiceAccount: 'aws-node', RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('VpcCniRole'), 'Arn'] } },
      ],
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [
          Match.objectLike({
            Action: ['sts:AssumeRole', 'sts:TagSession'],
            Principal: { Service: 'pods.eks.amazonaws.com' },
          }),
        ],
      }),
      ManagedPolicyArns: [
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonEKS_CNI_Policy']] },
      ],
    });
    template.hasResourceProperties('AWS::EKS::Addon', { AddonName: 'eks-pod-identity-agent' });
  });

  test.each([
    ['plain secondary IPs on a current CNI', {}, false],
    ['a CNI older than 1.20', { podNetworking: PodNetworking.secondaryIps({ cniVersion: '1.19.2' }) }, true],
    [
      'custom networking',
      { podNetworking: PodNetworking.secondaryIps({ customNetworking: true }), customNetworkingSubnets: 'pod' },
      true,
    ],
    ['an explicit opt-in', { apiServerGate: true }, true],
  ])('the aws-node gate for %s: %s', (_, props: any, gated) => {
    const { stack, cluster } = setup();
    const subnets = props.customNetworkingSubnets ? AZS.map((az) => podSubnet(stack, az)) : undefined;
    const cni = new VpcCni(stack, 'VpcCni', { cluster, ...props, customNetworkingSubnets: subnets });
    expect(cni.apiServerGate).toBe(gated);
    Template.fromStack(stack).resourceCountIs('Custom::AWSCDK-EKS-KubernetesPatch', gated ? 1 : 0);
  });

  test('the gate waits for the API server host aws-node uses, and is re-applied when the add-on changes', () => {
    const revision = (addonVersion: string) => {
      const { template } = vpcCni({ apiServerGate: true, addonVersion });
      const [patch] = Object.values(template.findResources('Custom::AWSCDK-EKS-KubernetesPatch'));
      return cfnText(patch.Properties.ApplyPatchJson, '"<token>"');
    };
    expect(revision('v1.20.4-eksbuild.1')).toMatch(/"name":"GATE_HOST","value":""<token>""/);
    expect(revision('v1.20.4-eksbuild.1')).not.toEqual(revision('v1.21.0-eksbuild.1'));
  });

  test('node groups of the library join after the add-on', () => {
    const { stack, cluster } = setup();
    const cni = new VpcCni(stack, 'VpcCni', { cluster });
    new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m6i.xlarge'] });
    const [nodegroup] = Object.values(Template.fromStack(stack).findResources('AWS::EKS::Nodegroup'));
    expect(nodegroup.DependsOn).toContain(stack.getLogicalId(cni.addon));
  });

  test.each<[string, Partial<VpcCniProps>, RegExp]>([
    ['negative warm ENI target', { warmEniTarget: -1 }, /warmEniTarget \(-1\) must be a whole number ≥ 0/],
    ['non-integer warm IP target', { warmIpTarget: 2.5 }, /warmIpTarget \(2\.5\) must be a whole number ≥ 1/],
    [
      'minimum IP target without warm IP target',
      { minimumIpTarget: 10 },
      /minimumIpTarget \(10\) without warmIpTarget .* set warmIpTarget too/,
    ],
    [
      'warm IP and warm ENI targets together',
      { warmIpTarget: 5, warmEniTarget: 1 },
      /warmIpTarget \(5\) overrides warmEniTarget \(1\); set only one/,
    ],
    [
      'warm prefix target without prefix delegation',
      { warmPrefixTarget: 1 },
      /warmPrefixTarget \(1\) only applies with prefix delegation/,
    ],
    [
      'warm prefix target with warm IP target',
      { podNetworking: PodNetworking.prefixDelegation(), warmPrefixTarget: 1, warmIpTarget: 5 },
      /warmPrefixTarget conflicts with warmIpTarget/,
    ],
    [
      'custom networking without subnets',
      { podNetworking: PodNetworking.secondaryIps({ customNetworking: true }) },
      /custom networking needs customNetworkingSubnets/,
    ],
    [
      'add-on version against the mode',
      { addonVersion: 'v1.19.0-eksbuild.1', podNetworking: PodNetworking.secondaryIps({ cniVersion: '1.20.4' }) },
      /addonVersion v1\.19\.0-eksbuild\.1 disagrees with podNetworking cniVersion 1\.20\.4/,
    ],
  ])('%s is an error', (_, props, message) => {
    expect(() => vpcCni(props)).toThrow(message);
  });

  test('custom networking without a subnet for an AZ the node groups use fails synth, naming the AZ', () => {
    const { stack, cluster } = setup();
    new VpcCni(stack, 'VpcCni', {
      cluster,
      podNetworking: PodNetworking.secondaryIps({ customNetworking: true }),
      customNetworkingSubnets: [podSubnet(stack, 'us-east-1a')],
    });
    new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m6i.xlarge'] });
    expect(() => Template.fromStack(stack)).toThrow(
      /custom networking has no subnet for us-east-1b, where node groups run/,
    );
  });

  test('the same pod subnet twice is an error naming the prop, as plan --subnet rejects it', () => {
    const { stack, cluster } = setup();
    const subnet = ec2.Subnet.fromSubnetAttributes(stack, 'Pods', {
      subnetId: 'subnet-pods',
      availabilityZone: 'us-east-1a',
      ipv4CidrBlock: '100.64.0.0/19',
    });
    expect(
      () =>
        new VpcCni(stack, 'VpcCni', {
          cluster,
          podNetworking: PodNetworking.secondaryIps({ customNetworking: true }),
          customNetworkingSubnets: [subnet, subnet],
        }),
    ).toThrow(
      /customNetworkingSubnets\[1\] \(the subnet Test\/Pods\) is listed twice, also as customNetworkingSubnets\[0\]/,
    );
    // Two subnet objects for one CIDR are the same subnet too.
    const again = ec2.Subnet.fromSubnetAttributes(stack, 'PodsAgain', {
      subnetId: 'subnet-pods-2',
      availabilityZone: 'us-east-1b',
      ipv4CidrBlock: '100.64.0.0/19',
    });
    expect(
      () =>
        new VpcCni(stack, 'VpcCni2', {
          cluster,
          podNetworking: PodNetworking.secondaryIps({ customNetworking: true }),
          customNetworkingSubnets: [subnet, again],
        }),
    ).toThrow(/customNetworkingSubnets '100\.64\.0\.0\/19' is given twice/);
  });

  test('an ENIConfig subnet outside the cluster VPC is an error', () => {
    const { stack, cluster } = setup();
    const otherVpc = new ec2.Vpc(
      new Stack(stack.node.root as App, 'Other', { env: { account: '111111111111', region: 'us-east-1' } }),
      'OtherVpc',
    );
    const foreign = new ec2.Subnet(stack, 'Foreign', {
      vpcId: otherVpc.vpcId,
      cidrBlock: '100.64.0.0/24',
      availabilityZone: 'us-east-1a',
    });
    expect(
      () =>
        new VpcCni(stack, 'VpcCni', {
          cluster,
          podNetworking: PodNetworking.secondaryIps({ customNetworking: true }),
          customNetworkingSubnets: [foreign],
        }),
    ).toThrow(/customNetworkingSubnets\[0\] \(Test\/Foreign\) is not in the cluster's VPC Test\/Vpc/);
  });
});

describe('KubeProxy', () => {
  test('the mode goes through the add-on configuration', () => {
    const { stack, cluster } = setup();
    new KubeProxy(stack, 'KubeProxy', { cluster, mode: KubeProxyMode.IPVS });
    expect(addonConfiguration(Template.fromStack(stack), 'kube-proxy')).toEqual({
      mode: 'ipvs',
      ipvs: { scheduler: 'rr' },
    });
  });

  test('the hostname patch passes --hostname-override=$(NODE_NAME) once, with NODE_NAME from spec.nodeName', () => {
    const { stack, cluster } = setup();
    new KubeProxy(stack, 'KubeProxy', { cluster });
    const [patch] = Object.values(Template.fromStack(stack).findResources('Custom::AWSCDK-EKS-KubernetesPatch'));
    expect(patch.Properties).toMatchObject({
      ResourceName: 'daemonset/kube-proxy',
      ResourceNamespace: 'kube-system',
      PatchType: 'strategic',
    });
    const container = JSON.parse(patch.Properties.ApplyPatchJson).spec.template.spec.containers[0];
    expect(container.command.filter((arg: string) => arg.startsWith('--hostname-override'))).toEqual([
      '--hostname-override=$(NODE_NAME)',
    ]);
    expect(container.env).toEqual([
      { name: 'NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
    ]);
    expect(KUBE_PROXY_COMMAND[0]).toBe('kube-proxy');
  });
});

describe('CoreDns', () => {
  test('replicas, spread across zones and hosts, and a disruption budget', () => {
    const { stack, cluster } = setup();
    new CoreDns(stack, 'CoreDns', { cluster, replicas: 3 });
    const config = addonConfiguration(Template.fromStack(stack), 'coredns');
    expect(config.replicaCount).toBe(3);
    expect(config.topologySpreadConstraints.map((c: any) => c.topologyKey)).toEqual([
      'topology.kubernetes.io/zone',
      'kubernetes.io/hostname',
    ]);
    expect(config.podDisruptionBudget).toEqual({ enabled: true, maxUnavailable: 1 });
  });

  test('autoscaling', () => {
    const { stack, cluster } = setup();
    new CoreDns(stack, 'CoreDns', { cluster, autoScaling: { minReplicas: 2, maxReplicas: 20 } });
    expect(addonConfiguration(Template.fromStack(stack), 'coredns').autoScaling).toEqual({
      enabled: true,
      minReplicas: 2,
      maxReplicas: 20,
    });
  });

  test.each([
    [
      { replicas: 1 },
      /replicas \(1\) must be a whole number from 2 to 1000; one CoreDNS replica is a single point of failure/,
    ],
    [{ autoScaling: { minReplicas: 5, maxReplicas: 3 } }, /autoScaling\.maxReplicas \(3\) is below minReplicas \(5\)/],
    [{ replicas: 3, autoScaling: { minReplicas: 2, maxReplicas: 4 } }, /replicas and autoScaling are both set/],
  ])('%j is an error', (props, message) => {
    const { stack, cluster } = setup();
    expect(() => new CoreDns(stack, 'CoreDns', { cluster, ...props })).toThrow(message);
  });
});

describe('NodeLocalDnsCache', () => {
  test.each([false, true])('every object validates against the upstream Kubernetes schemas (ipvs: %s)', (ipvs) => {
    expect(schemaErrors(nodeLocalDnsObjects('cluster.local', '172.20.0.10', ipvs))).toEqual([]);
  });

  test('the schema check is not vacuous', () => {
    const [sa] = nodeLocalDnsObjects('cluster.local', '172.20.0.10', false);
    expect(schemaErrors([{ ...sa, automountServiceAccountToken: 'yes' }])).toEqual([
      expect.stringMatching(/automountServiceAccountToken must be boolean/),
    ]);
  });

  test('iptables mode: node-cache also takes over the kube-dns address, kubelets keep their clusterDNS', () => {
    const { stack, cluster } = setup({ serviceIpv4Cidr: '172.20.0.0/16' });
    new NodeLocalDnsCache(stack, 'NodeLocalDns', { cluster });
    new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m6i.xlarge'] });
    const template = Template.fromStack(stack);
    const [manifest] = Object.values(template.findResources('Custom::AWSCDK-EKS-KubernetesResource'));
    const objects = JSON.parse(manifest.Properties.Manifest);
    const daemonSet = objects.find((o: any) => o.kind === 'DaemonSet');
    expect(daemonSet.spec.template.spec).toMatchObject({ hostNetwork: true, dnsPolicy: 'Default' });
    const container = daemonSet.spec.template.spec.containers[0];
    expect(container.args).toEqual([
      '-localip',
      '169.254.20.10,172.20.0.10',
      '-conf',
      '/etc/Corefile',
      '-upstreamsvc',
      'kube-dns-upstream',
    ]);
    expect(container.securityContext.capabilities.add).toEqual(['NET_ADMIN']);
    expect(container.ports).toContainEqual({ containerPort: 9253, name: 'metrics', protocol: 'TCP' });
    const corefile = objects.find((o: any) => o.kind === 'ConfigMap').data.Corefile;
    expect(corefile).toMatch(/bind 169\.254\.20\.10 172\.20\.0\.10/);
    expect(objects.find((o: any) => o.metadata.name === 'kube-dns-upstream').spec.selector).toEqual({
      'k8s-app': 'kube-dns',
    });
    const [parts] = launchTemplateUserData(template);
    expect(nodeadmDropIns(parts)[0].spec.kubelet.config.clusterDNS).toBeUndefined();
  });

  test('ipvs mode: node-cache listens on the link-local address only, and node groups created before it get clusterDNS', () => {
    const { stack, cluster } = setup({ serviceIpv4Cidr: '10.100.0.0/16' });
    new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m6i.xlarge'] });
    new KubeProxy(stack, 'KubeProxy', { cluster, mode: KubeProxyMode.IPVS });
    new NodeLocalDnsCache(stack, 'NodeLocalDns', { cluster });
    const template = Template.fromStack(stack);
    const [parts] = launchTemplateUserData(template);
    expect(nodeadmDropIns(parts)[0].spec.kubelet.config.clusterDNS).toEqual(['169.254.20.10']);
    const manifests = Object.values(template.findResources('Custom::AWSCDK-EKS-KubernetesResource')).map((r) =>
      JSON.parse(r.Properties.Manifest),
    );
    const corefile = manifests.flat().find((o: any) => o.kind === 'ConfigMap').data.Corefile;
    expect(corefile).toMatch(/bind 169\.254\.20\.10\n/);
    expect(corefile).toMatch(/forward \. 10\.100\.0\.10 \{/);
  });

  test.each([true, false])(
    'with security groups for pods in strict mode it is an error at synth (VpcCni first: %s)',
    (cniFirst) => {
      const { stack, cluster } = setup({ serviceIpv4Cidr: '10.100.0.0/16' });
      const cni = () =>
        new VpcCni(stack, 'VpcCni', {
          cluster,
          podNetworking: PodNetworking.secondaryIps({ securityGroupsForPods: true }),
        });
      if (cniFirst) cni();
      new NodeLocalDnsCache(stack, 'NodeLocalDns', { cluster });
      if (!cniFirst) cni();
      expect(() => Template.fromStack(stack)).toThrow(
        /Test\/NodeLocalDns\] NodeLocal DNSCache does not work with security groups for pods in strict mode.*set the VpcCni podSecurityGroupEnforcingMode to STANDARD/,
      );
    },
  );

  test('without a known kube-dns address it asks for one', () => {
    const { stack, cluster } = setup();
    expect(() => new NodeLocalDnsCache(stack, 'NodeLocalDns', { cluster })).toThrow(
      /NodeLocalDnsCache needs kubeDnsIp/,
    );
  });

  describe('on an IPv6 cluster', () => {
    /** The node-local-dns objects of a stack, deploy-time values resolved as the replay harness does. */
    function deployedObjects(stack: Stack): any[] {
      const template = Template.fromStack(stack).toJSON();
      const [manifest] = Object.values(template.Resources).filter(
        (r: any) => r.Type === 'Custom::AWSCDK-EKS-KubernetesResource',
      ) as any[];
      return JSON.parse(resolveIntrinsics(manifest.Properties.Manifest, template as any, stack.stackName));
    }
    const ipv6 = () => setup({ ipFamily: eks.IpFamily.IP_V6 });

    test.each([false, true])('every object validates against the upstream Kubernetes schemas (ipvs: %s)', (ipvs) => {
      expect(schemaErrors(nodeLocalDnsObjects('cluster.local', 'fd30:1c53:5f8a::a', ipvs, 'fd00::10'))).toEqual([]);
    });

    test('iptables mode: listens on fd00::10 and on kube-dns, the service range prefix followed by a', () => {
      const { stack, cluster } = ipv6();
      const cache = new NodeLocalDnsCache(stack, 'NodeLocalDns', { cluster });
      new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m6i.xlarge'] });
      expect(cache.localIp).toBe('fd00::10');
      // The harness's cluster reports the service range fd30:1c53:5f8a::/108; nodeadm (net.go GetClusterDns) puts
      // kube-dns at the prefix followed by "a", and so does the EKS CoreDNS add-on.
      const objects = deployedObjects(stack);
      const container = objects.find((o) => o.kind === 'DaemonSet').spec.template.spec.containers[0];
      expect(container.args.slice(0, 2)).toEqual(['-localip', 'fd00::10,fd30:1c53:5f8a::a']);
      expect(container.livenessProbe.httpGet).toEqual({ host: 'fd00::10', path: '/health', port: 8080 });
      const corefile: string = objects.find((o) => o.kind === 'ConfigMap').data.Corefile;
      expect(corefile).toMatch(/bind fd00::10 fd30:1c53:5f8a::a\n/);
      // Host:port needs the IPv6 address in brackets (Kubernetes NodeLocal DNSCache docs); bind takes bare addresses.
      expect(corefile).toMatch(/\n    health \[fd00::10\]:8080\n/);
      expect(corefile).not.toMatch(/169\.254/);
      const [parts] = launchTemplateUserData(Template.fromStack(stack));
      expect(nodeadmDropIns(parts)[0].spec.kubelet.config.clusterDNS).toBeUndefined();
    });

    test('ipvs mode: node groups send DNS to fd00::10, the cache forwards to kube-dns', () => {
      const { stack, cluster } = ipv6();
      new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m6i.xlarge'] });
      new KubeProxy(stack, 'KubeProxy', { cluster, mode: KubeProxyMode.IPVS });
      new NodeLocalDnsCache(stack, 'NodeLocalDns', { cluster, kubeDnsIp: 'fd30:1c53:5f8a::a' });
      const template = Template.fromStack(stack);
      const [parts] = launchTemplateUserData(template);
      expect(nodeadmDropIns(parts)[0].spec.kubelet.config.clusterDNS).toEqual(['fd00::10']);
      const objects = deployedObjects(stack);
      const corefile: string = objects.find((o) => o.kind === 'ConfigMap').data.Corefile;
      expect(corefile).toMatch(/bind fd00::10\n/);
      expect(corefile).toMatch(/forward \. fd30:1c53:5f8a::a \{/);
      const container = objects.find((o) => o.kind === 'DaemonSet').spec.template.spec.containers[0];
      expect(container.args.slice(0, 2)).toEqual(['-localip', 'fd00::10']);
    });

    test('an imported cluster declared IPv6 needs the kube-dns address, and says where to find it', () => {
      const { stack, cluster } = importedTestCluster();
      ClusterNetworkingContext.of(cluster).declare({ ipFamily: eks.IpFamily.IP_V6 });
      expect(() => new NodeLocalDnsCache(stack, 'NodeLocalDns', { cluster })).toThrow(
        /Test\/NodeLocalDns: NodeLocalDnsCache needs kubeDnsIp on an imported IPv6 cluster.*serviceIpv6Cidr/,
      );
      const cache = new NodeLocalDnsCache(stack, 'Given', { cluster, kubeDnsIp: 'fd30:1c53:5f8a::a' });
      expect(cache.localIp).toBe('fd00::10');
    });

    test('an imported cluster of unknown family takes the family of the kube-dns address given', () => {
      const { stack, cluster } = importedTestCluster();
      const cache = new NodeLocalDnsCache(stack, 'NodeLocalDns', { cluster, kubeDnsIp: 'fd30:1c53:5f8a::a' });
      expect(cache.localIp).toBe('fd00::10');
    });

    test.each([
      [eks.IpFamily.IP_V6, '172.20.0.10', /kubeDnsIp \(172\.20\.0\.10\) is an IPv4 address, but cluster .* is IPv6/],
      [
        eks.IpFamily.IP_V4,
        'fd30:1c53:5f8a::a',
        /kubeDnsIp \(fd30:1c53:5f8a::a\) is an IPv6 address, but cluster .* is IPv4/,
      ],
      [eks.IpFamily.IP_V6, 'fd30::1c53::a', /kubeDnsIp.*fd30::1c53::a.*is not an IP address/],
    ])('on a %s cluster kubeDnsIp %s is an error', (ipFamily, kubeDnsIp, message) => {
      const { stack, cluster } = setup({ ipFamily });
      expect(() => new NodeLocalDnsCache(stack, 'NodeLocalDns', { cluster, kubeDnsIp })).toThrow(message);
    });
  });
});

describe('ClusterJob', () => {
  const job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'db-migrate', namespace: 'default' },
    spec: {
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'migrate', image: 'public.ecr.aws/docker/library/busybox:1.37.0' }],
        },
      },
    },
  };

  test('sets ttlSecondsAfterFinished by default, keeps the manifest own, and validates against the schema', () => {
    const { stack, cluster } = setup();
    const defaulted = new ClusterJob(stack, 'Migrate', { cluster, manifest: job });
    expect(defaulted.manifest.spec.ttlSecondsAfterFinished).toBe(300);
    const own = new ClusterJob(stack, 'Own', {
      cluster,
      manifest: { ...job, spec: { ...job.spec, ttlSecondsAfterFinished: 60 } },
    });
    expect(own.manifest.spec.ttlSecondsAfterFinished).toBe(60);
    expect(schemaErrors([defaulted.manifest, own.manifest])).toEqual([]);
    const broken = { ...defaulted.manifest, spec: { ...defaulted.manifest.spec, backoffLimit: 'twice' } };
    expect(schemaErrors([broken])).toEqual([
      expect.stringMatching(/^Job\/db-migrate: .*backoffLimit must be integer$/),
    ]);
  });

  test('takes only Jobs', () => {
    const { stack, cluster } = setup();
    expect(() => new ClusterJob(stack, 'Pod', { cluster, manifest: { apiVersion: 'v1', kind: 'Pod' } })).toThrow(
      /ClusterJob manifest is v1\/Pod; it takes a batch\/v1 Job/,
    );
  });
});

describe('DaemonSetReadinessGate', () => {
  test('adds the gate to the named DaemonSet, waiting for the given endpoint', () => {
    const { stack, cluster } = setup();
    new DaemonSetReadinessGate(stack, 'Gate', {
      cluster,
      daemonSetName: 'my-agent',
      namespace: 'monitoring',
      host: '169.254.20.10',
      port: 53,
    });
    const [patch] = Object.values(Template.fromStack(stack).findResources('Custom::AWSCDK-EKS-KubernetesPatch'));
    expect(patch.Properties).toMatchObject({ ResourceName: 'daemonset/my-agent', ResourceNamespace: 'monitoring' });
    const init = JSON.parse(patch.Properties.ApplyPatchJson).spec.template.spec.initContainers[0];
    expect(init.env).toEqual([
      { name: 'GATE_HOST', value: '169.254.20.10' },
      { name: 'GATE_PORT', value: '53' },
      { name: 'GATE_TIMEOUT_SECONDS', value: '2' },
    ]);
  });

  test('a port out of range is an error', () => {
    const { stack, cluster } = setup();
    expect(
      () => new DaemonSetReadinessGate(stack, 'Gate', { cluster, daemonSetName: 'a', namespace: 'b', port: 70000 }),
    ).toThrow(/port \(70000\) must be a whole number from 1 to 65535/);
  });
});
