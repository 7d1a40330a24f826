import { Errors } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  ClusterNetworkingContext,
  KarpenterNodeClass,
  KubeProxy,
  KubeProxyMode,
  NetkitGuardrails,
  NodeLocalDnsCache,
  PodNetworking,
  PodSecurityGroupEnforcingMode,
  TunedNodegroup,
  VpcCni,
} from '../../lib';
import { NetkitValidationError } from '../../lib/private/validation-error';
import { importedTestCluster, testCluster } from '../fixtures/cluster';
import { launchTemplateUserData, nodeadmDropIns, testApp } from '../util';

/** Every ordering of `items`. */
function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

describe('the context is one child construct of the cluster', () => {
  test('of() finds or creates it, visible in the construct tree', () => {
    const { cluster } = testCluster({ kubectl: false });
    const context = ClusterNetworkingContext.of(cluster);
    expect(ClusterNetworkingContext.of(cluster)).toBe(context);
    expect(context.node.scope).toBe(cluster);
    expect(cluster.node.children).toContain(context);
  });

  test('Auto Mode: on for an aws-eks-v2 cluster created with its defaults, off with node groups, unknown when imported', () => {
    const { stack } = testCluster({ kubectl: false });
    const autoMode = new eks.Cluster(stack, 'AutoMode', { version: eks.KubernetesVersion.V1_35 });
    expect(ClusterNetworkingContext.of(autoMode).clusterCompute.autoMode).toBe(true);
    expect(ClusterNetworkingContext.of(testCluster().cluster).clusterCompute.autoMode).toBe(false);
    const imported = importedTestCluster().cluster;
    expect(ClusterNetworkingContext.of(imported).clusterCompute.autoMode).toBeUndefined();
    ClusterNetworkingContext.of(imported).declare({ autoMode: true });
    expect(ClusterNetworkingContext.of(imported).clusterCompute.autoMode).toBe(true);
  });

  test('the compute lists the node groups and node classes on the cluster', () => {
    const { stack, cluster } = testCluster();
    const nodes = new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.large'] });
    const nodeRole = new iam.Role(stack, 'NodeRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    const nodeClass = new KarpenterNodeClass(stack, 'Karpenter', { cluster, nodeRole });
    const compute = ClusterNetworkingContext.of(cluster).clusterCompute;
    expect(compute.managedNodegroups).toEqual([nodes]);
    expect(compute.karpenterNodeClasses).toEqual([nodeClass]);
  });

  test('a fact declared twice with different values is an error, never a silent override', () => {
    const { cluster } = importedTestCluster();
    const context = ClusterNetworkingContext.of(cluster);
    context.declare({ kubeProxyMode: KubeProxyMode.IPVS });
    context.declare({ kubeProxyMode: KubeProxyMode.IPVS });
    expect(() => context.declare({ kubeProxyMode: KubeProxyMode.IPTABLES })).toThrow(
      /Test\/Cluster\/NetkitNetworkingContext: kubeProxyMode was already declared as ipvs/,
    );
  });
});

describe('imported clusters declare their mode', () => {
  test.each(['TunedNodegroup', 'KarpenterNodeClass'])(
    'a %s with no podNetworking on a cluster with no known mode stops synth naming podNetworking, the path and both fixes',
    (kind) => {
      const { app, stack, cluster } = importedTestCluster();
      if (kind === 'TunedNodegroup') {
        new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.large'] });
      } else {
        const nodeRole = new iam.Role(stack, 'NodeRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
        new KarpenterNodeClass(stack, 'Nodes', { cluster, nodeRole });
      }
      let error: unknown;
      try {
        app.synth();
      } catch (err) {
        error = err;
      }
      expect(error).toBeDefined();
      const message = (error as Error).message;
      expect(message).toMatch(/Test\/Nodes: podNetworking is unknown/);
      expect(message).toMatch(/ClusterNetworkingContext\.of\(cluster\)\.declare\(\{ podNetworking:/);
      expect(message).toMatch(/or pass podNetworking to this construct/);
      expect(Errors.isValidationError(error)).toBe(true);
    },
  );

  test('declared custom networking gives max pods 20 on m5.large, in the template too', () => {
    // m5.large: 3 ENIs × 10 IPv4 addresses; custom networking keeps the primary ENI for the node: 2 × (10 − 1) + 2.
    const expected = 2 * (10 - 1) + 2;
    const { stack, cluster } = importedTestCluster();
    const nodes = new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.large'] });
    ClusterNetworkingContext.of(cluster).declare({
      podNetworking: PodNetworking.secondaryIps({ customNetworking: true }),
    });
    expect(nodes.maxPods).toBe(expected);
    const [parts] = launchTemplateUserData(Template.fromStack(stack));
    expect(nodeadmDropIns(parts)[0].spec.kubelet.config.maxPods).toBe(expected);
  });

  test('a node group given its own mode needs no declaration', () => {
    const { stack, cluster } = importedTestCluster();
    const nodes = new TunedNodegroup(stack, 'Nodes', {
      cluster,
      instanceTypes: ['m5.large'],
      podNetworking: PodNetworking.secondaryIps(),
    });
    expect(nodes.maxPods).toBe(3 * (10 - 1) + 2);
  });

  test('a declaration that disagrees with the VpcCni is an error at synth', () => {
    const { app, stack, cluster } = importedTestCluster();
    ClusterNetworkingContext.of(cluster).declare({ podNetworking: PodNetworking.prefixDelegation() });
    new VpcCni(stack, 'VpcCni', { cluster, apiServerGate: false });
    expect(() => app.synth()).toThrow(
      /podNetworking has two answers for cluster Test\/Cluster: the declaration on Test\/Cluster\/NetkitNetworkingContext gives prefix delegation, Test\/VpcCni gives secondary IPs/,
    );
  });
});

describe('structural modes', () => {
  test.each([true, false])(
    'a node group whose mode mismatches the VpcCni fails synth with guardrails on or off (guardrails: %s)',
    (guardrails) => {
      const { app, stack, cluster } = testCluster();
      if (guardrails) NetkitGuardrails.enable(app);
      new TunedNodegroup(stack, 'Nodes', {
        cluster,
        instanceTypes: ['m5.large'],
        podNetworking: PodNetworking.prefixDelegation(),
      });
      new VpcCni(stack, 'VpcCni', { cluster });
      expect(() => app.synth()).toThrow(/podNetworking is prefix delegation, but the cluster runs secondary IPs/);
    },
  );
});

describe('validation errors', () => {
  test("aws-cdk-lib's Errors.isValidationError knows them, and they carry the construct path", () => {
    const { cluster } = testCluster({ kubectl: false });
    const error = new NetkitValidationError('maxPods (300) is too high', cluster);
    expect(Errors.isValidationError(error)).toBe(true);
    expect(error.constructPath).toBe('Test/Cluster');
    expect(error.message).toBe('Test/Cluster: maxPods (300) is too high');
    expect(Errors.isValidationError(new NetkitValidationError('no scope'))).toBe(true);
  });
});

describe('order independence', () => {
  const PARTS = ['VpcCni', 'KubeProxy', 'NodeLocalDns', 'Nodes', 'Karpenter'] as const;

  /**
   * The baseline's parts on one cluster, created in the given order, with the guardrails on. The cluster is imported
   * (a small template, so 120 synths stay quick); the parts' VpcCni gives it its mode.
   */
  function build(order: readonly (typeof PARTS)[number][]) {
    const app = testApp();
    NetkitGuardrails.enable(app);
    const { stack, cluster } = importedTestCluster({ app });
    const nodeRole = new iam.Role(stack, 'NodeRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    const create = {
      VpcCni: () =>
        new VpcCni(stack, 'VpcCni', {
          cluster,
          podNetworking: PodNetworking.prefixDelegation({ securityGroupsForPods: true }),
          podSecurityGroupEnforcingMode: PodSecurityGroupEnforcingMode.STANDARD,
          clusterRole: iam.Role.fromRoleArn(stack, 'ClusterRole', 'arn:aws:iam::111111111111:role/cluster'),
        }),
      KubeProxy: () => new KubeProxy(stack, 'KubeProxy', { cluster, mode: KubeProxyMode.IPVS }),
      NodeLocalDns: () => new NodeLocalDnsCache(stack, 'NodeLocalDns', { cluster, kubeDnsIp: '172.20.0.10' }),
      Nodes: () => new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.large'] }),
      Karpenter: () => new KarpenterNodeClass(stack, 'Karpenter', { cluster, nodeRole }),
    };
    for (const part of order) create[part]();
    const template = Template.fromStack(stack).toJSON();
    const annotations = Annotations.fromStack(stack);
    const findings = [
      ...annotations.findWarning('*', Match.anyValue()),
      ...annotations.findError('*', Match.anyValue()),
      ...annotations.findInfo('*', Match.anyValue()),
    ]
      .map((m) => `${m.id} ${m.entry.type} ${JSON.stringify(m.entry.data)}`)
      .sort();
    return { template, findings };
  }

  test('the parts created in every order give identical templates and identical findings', () => {
    const orders = permutations([...PARTS]);
    expect(orders).toHaveLength(5 * 4 * 3 * 2 * 1);
    const reference = build(orders[0]);
    // The order-sensitive values really are there: prefix delegation's max pods and NodeLocal's clusterDNS.
    const text = JSON.stringify(reference.template);
    expect(text).toContain('169.254.20.10');
    expect(reference.findings.join('\n')).toMatch(/RESERVED_ENIS=1/);
    for (const order of orders.slice(1)) {
      const built = build(order);
      expect({ order, template: built.template }).toEqual({ order, template: reference.template });
      expect({ order, findings: built.findings }).toEqual({ order, findings: reference.findings });
    }
  });
});
