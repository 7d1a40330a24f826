import { Errors } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  ClusterNetworkingContext,
  KarpenterNodeClass,
  KubeProxyMode,
  NetkitGuardrails,
  PodNetworking,
  TunedNodegroup,
  VpcCni,
} from '../../lib';
import { NetkitValidationError } from '../../lib/private/validation-error';
import { importedTestCluster, testCluster } from '../fixtures/cluster';
import { launchTemplateUserData, nodeadmDropIns } from '../util';

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
