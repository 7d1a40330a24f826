/**
 * NETKIT-FACTS over plain aws-cdk-lib resources the checks cannot read: a value they cannot read is said (which
 * field, which value, which checks), never a crash of synth, never swallowed, never read as a default.
 */
import { CfnParameter, Fn, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { findings, guardedStack, nodeConfigUserData, rawNodegroup } from './fixtures';
import { ClusterNetworkingContext, PodNetworking } from '../../lib';

type Guarded = ReturnType<typeof guardedStack>;

/** A vpc-cni (or other) add-on with configurationValues written as given. */
function rawAddon(g: Guarded, configurationValues: string | undefined, addonName = 'vpc-cni') {
  return new eks.CfnAddon(g.stack, 'RawAddon', {
    clusterName: g.cluster.clusterName,
    addonName,
    addonVersion: addonName === 'vpc-cni' ? 'v1.19.2-eksbuild.1' : undefined,
    configurationValues,
  });
}

/**
 * maxPods 110 on m5.large: within what prefix delegation gives (110), far above secondary IPs (29). NETKIT-CAP1
 * then says which mode the guardrails read, and says nothing when the mode is unknown.
 */
function denseNodes(g: Guarded) {
  rawNodegroup(g.stack, g.cluster, 'Raw', { userData: nodeConfigUserData({ maxPods: 110 }) });
}

describe('a vpc-cni add-on whose configuration the guardrails cannot read', () => {
  test('MAX_ENI "0" is a NETKIT-FACTS finding on the add-on naming the variable and value, not a synth abort', () => {
    const g = guardedStack();
    rawAddon(g, JSON.stringify({ env: { MAX_ENI: '0' } }));
    denseNodes(g);
    expect(() => Annotations.fromStack(g.stack)).not.toThrow();
    const facts = Annotations.fromStack(g.stack).findWarning(
      '/Guarded/RawAddon',
      Match.stringLikeRegexp('NETKIT-FACTS'),
    );
    expect(facts.map((m) => String(m.entry.data))).toEqual([
      expect.stringMatching(
        /could not check: the vpc-cni add-on's configuration could not be read: env MAX_ENI is "0": MAX_ENI counts ENIs per node.*whole number of 1 or more.*The cluster's pod networking is therefore unknown, so NETKIT-CAP1–CAP4, IP1, .* did not check it/,
      ),
    ]);
    // The mode is unknown, not the defaults: CAP1 does not judge max pods against secondary IPs.
    expect(findings(g.stack, 'NETKIT-CAP1')).toEqual([]);
  });

  test.each<[string, string, RegExp]>([
    [
      'env values that are not strings',
      JSON.stringify({ env: { ENABLE_PREFIX_DELEGATION: true, WARM_IP_TARGET: 5 } }),
      /env ENABLE_PREFIX_DELEGATION is true \(a boolean\), WARM_IP_TARGET is 5 \(a number\): the vpc-cni add-on's schema takes env values as strings only/,
    ],
    [
      'env as a list',
      JSON.stringify({ env: ['ENABLE_PREFIX_DELEGATION=true'] }),
      /env is a list \(\["ENABLE_PREFIX_DELEGATION=true"\]\), not an object/,
    ],
    ['env as a string', JSON.stringify({ env: 'ENABLE_PREFIX_DELEGATION=true' }), /env is a string .*, not an object/],
    ['a configuration of null', 'null', /its ConfigurationValues is null, not an object with an env/],
    ['a configuration that is a list', '[]', /its ConfigurationValues is a list, not an object with an env/],
    ['text that is neither JSON nor YAML', '{"env": {', /its ConfigurationValues is neither JSON nor YAML \(/],
  ])('%s: said as NETKIT-FACTS, the mode left unknown', (_, configuration, problem) => {
    const g = guardedStack();
    rawAddon(g, configuration);
    denseNodes(g);
    const facts = findings(g.stack, 'NETKIT-FACTS');
    expect(facts).toEqual([expect.stringMatching(problem)]);
    expect(facts[0]).toMatch(/pod networking is therefore unknown/);
    expect(findings(g.stack, 'NETKIT-CAP1')).toEqual([]);
    expect(findings(g.stack, 'NETKIT-CNI1')).toEqual([]);
  });

  test('a configuration known only at deploy time leaves the mode unknown, said once', () => {
    const g = guardedStack();
    rawAddon(g, new CfnParameter(g.stack, 'CniConfig').valueAsString);
    denseNodes(g);
    expect(findings(g.stack, 'NETKIT-FACTS')).toEqual([
      expect.stringMatching(
        /its ConfigurationValues is only known at deploy time\. The cluster's pod networking is therefore unknown/,
      ),
    ]);
    expect(findings(g.stack, 'NETKIT-CAP1')).toEqual([]);
  });

  test('JSON that parses only once a deploy-time number is in: left to deploy time, said, not read as YAML', () => {
    const g = guardedStack();
    const cpu = new CfnParameter(g.stack, 'Cpu', { type: 'Number' }).valueAsNumber;
    rawAddon(g, Stack.of(g.stack).toJsonString({ env: { ENABLE_PREFIX_DELEGATION: 'true' }, resources: { cpu } }));
    denseNodes(g);
    expect(findings(g.stack, 'NETKIT-FACTS')).toEqual([
      expect.stringMatching(/its ConfigurationValues is JSON that parses only once its deploy-time values are in/),
    ]);
    expect(findings(g.stack, 'NETKIT-CAP1')).toEqual([]);
  });

  test('with a declared mode, the checks use it and the message says which ones skipped the add-on', () => {
    const g = guardedStack();
    ClusterNetworkingContext.of(g.cluster).declare({ podNetworking: PodNetworking.secondaryIps() });
    rawAddon(g, JSON.stringify({ env: { MAX_ENI: '0' } }));
    denseNodes(g);
    expect(findings(g.stack, 'NETKIT-FACTS')).toEqual([
      expect.stringMatching(
        /env MAX_ENI is "0".*NETKIT-CNI1, CNI3 and IPV6-3 did not check it.*the other checks use podNetworking secondary IPs from the declaration on Guarded\/Cluster\/NetkitNetworkingContext/,
      ),
    ]);
    expect(findings(g.stack, 'NETKIT-CAP1')).toEqual([expect.stringMatching(/maxPods \(110\)/)]);
  });

  test('no configuration at all is the add-on defaults: nothing to say', () => {
    const g = guardedStack();
    rawAddon(g, undefined);
    denseNodes(g);
    expect(findings(g.stack, 'NETKIT-FACTS')).toEqual([]);
    expect(findings(g.stack, 'NETKIT-CAP1')).toEqual([expect.stringMatching(/maxPods \(110\)/)]);
  });
});

describe('a vpc-cni configuration written as YAML is read (EKS takes JSON or YAML)', () => {
  test('YAML text', () => {
    const g = guardedStack();
    rawAddon(g, 'env:\n  ENABLE_PREFIX_DELEGATION: "true"\n');
    denseNodes(g);
    expect(findings(g.stack, 'NETKIT-FACTS')).toEqual([]);
    expect(findings(g.stack, 'NETKIT-CAP1')).toEqual([]);
    expect(findings(g.stack, 'NETKIT-CNI1')).toEqual([
      expect.stringMatching(/aws-node \(prefix delegation \+ VPC CNI v1\.19\.2-eksbuild\.1\) waits for the API server/),
    ]);
  });

  test('YAML with a deploy-time value inside: read as far as it parses, as JSON is', () => {
    const g = guardedStack();
    rawAddon(
      g,
      Fn.join('', ['env:\n  ENABLE_PREFIX_DELEGATION: "true"\n  CLUSTER_ENDPOINT: ', g.cluster.clusterEndpoint, '\n']),
    );
    denseNodes(g);
    expect(findings(g.stack, 'NETKIT-FACTS')).toEqual([]);
    expect(findings(g.stack, 'NETKIT-CAP1')).toEqual([]);
    expect(findings(g.stack, 'NETKIT-CNI1')).toEqual([]);
  });

  test('a YAML coredns configuration is read too', () => {
    const g = guardedStack();
    rawAddon(g, 'replicaCount: 1\n', 'coredns');
    expect(findings(g.stack, 'NETKIT-DNS1')).toEqual([
      expect.stringMatching(/CoreDNS runs 1 replica/),
      expect.stringMatching(/no topology.kubernetes.io\/zone spread constraint/),
    ]);
  });
});

describe('readers check shapes: an unexpected shape is skipped or said, never a crash', () => {
  test("a KubernetesPatch whose initContainers is not a list is not the library's gate", () => {
    const g = guardedStack();
    new eks.KubernetesPatch(g.stack, 'Patch', {
      cluster: g.cluster,
      resourceName: 'daemonset/aws-node',
      resourceNamespace: 'kube-system',
      applyPatch: { spec: { template: { spec: { initContainers: 'x' } } } },
      restorePatch: {},
    });
    rawAddon(g, JSON.stringify({ env: { ENABLE_POD_ENI: 'true' } }));
    expect(findings(g.stack, 'NETKIT-FACTS')).toEqual([]);
    // Not gated, so aws-node still races the API server.
    expect(findings(g.stack, 'NETKIT-CNI1')).toEqual([expect.stringMatching(/waits for the API server at start/)]);
  });

  test('a coredns topologySpreadConstraints that is not a list is said on the add-on, naming the field and value', () => {
    const g = guardedStack();
    rawAddon(g, JSON.stringify({ replicaCount: 2, topologySpreadConstraints: 'zone' }), 'coredns');
    expect(findings(g.stack, 'NETKIT-DNS1')).toEqual([]);
    expect(findings(g.stack, 'NETKIT-FACTS')).toEqual([
      expect.stringMatching(
        /could not check: the coredns add-on's topologySpreadConstraints is a string \("zone"\), not a list of constraints, so NETKIT-DNS1 did not check/,
      ),
    ]);
  });

  test('an Auto Mode NodePool whose requirements are not a list reads as listing no instance types', () => {
    const g = guardedStack();
    g.cluster.addManifest('Pool', {
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodePool',
      metadata: { name: 'pool' },
      spec: {
        template: {
          spec: { nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'nc' }, requirements: 'x' },
        },
        limits: { cpu: 100 },
      },
    });
    expect(() => Annotations.fromStack(g.stack)).not.toThrow();
    expect(findings(g.stack, 'NETKIT-FACTS')).toEqual([]);
  });
});
