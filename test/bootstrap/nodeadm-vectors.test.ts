import { Template } from 'aws-cdk-lib/assertions';
import { PodNetworking, TunedNodegroup, TunedNodegroupOptions } from '../../lib';
import { lookupInstanceType } from '../../lib/capacity/instance-type-limits';
import { kubeReservedMemoryMiB } from '../../lib/capacity/max-pods';
import {
  MaxPodsExpression,
  MaxPodsExpressionDialect,
  nodeadmDefaultMaxPods,
} from '../../lib/capacity/max-pods-expression';
import { testCluster } from '../fixtures/cluster';
import { launchTemplateUserData, nodeadmDropIns } from '../util';

/**
 * nodeadm's end-to-end cases (awslabs/amazon-eks-ami nodeadm/test/e2e/cases, v20260724) as facts: a NodeConfig in,
 * the kubelet configuration nodeadm writes out. The cases run on a mocked m4.xlarge (4 ENIs × 15 IPv4 addresses,
 * 4 vCPUs) with two host CPUs. Each row: what the NodeConfig says → nodeadm's maxPods and kubeReserved.memory.
 * (kubeReserved.cpu, 70m in every case, comes from the host's cores, which the library leaves to nodeadm.)
 */
const NODEADM_CASES: ReadonlyArray<{
  readonly nodeConfig: string;
  readonly instanceType: string;
  readonly expression?: string;
  readonly maxPods: number;
  readonly kubeReservedMemory: string;
}> = [
  // kubelet-config-dir, kubelet-config-set-empty, mime-userdata-merge: no max-pods setting → the ENI formula
  { nodeConfig: 'no maxPods setting', instanceType: 'm4.xlarge', maxPods: 58, kubeReservedMemory: '893Mi' },
  // custom-max-pods-expression/custom-networking (note the case's own spacing, `default_enis -1`)
  {
    nodeConfig: 'custom-networking expression',
    instanceType: 'm4.xlarge',
    expression: '((default_enis -1) * (ips_per_eni - 1)) + 2',
    maxPods: 44,
    kubeReservedMemory: '739Mi',
  },
  // custom-max-pods-expression/kubelet-config-max-pods: the expression decides config.json
  {
    nodeConfig: 'max_pods + 2 (with kubelet.config.maxPods 1 in the drop-in)',
    instanceType: 'm4.xlarge',
    expression: 'max_pods + 2',
    maxPods: 60,
    kubeReservedMemory: '915Mi',
  },
];

function dropInKubelet(options: TunedNodegroupOptions) {
  const { stack, cluster } = testCluster({ kubectl: false });
  new TunedNodegroup(stack, 'Nodes', { cluster, ...options });
  const [parts] = launchTemplateUserData(Template.fromStack(stack));
  return nodeadmDropIns(parts)[0].spec.kubelet.config;
}

describe("nodeadm's e2e cases as vectors", () => {
  test.each(NODEADM_CASES)('$nodeConfig on $instanceType: nodeadm writes maxPods $maxPods', (c) => {
    const limits = lookupInstanceType(c.instanceType);
    // The library's data gives nodeadm's inputs for the mocked type.
    expect([limits.defaultCardEnis, limits.ipv4PerEni]).toEqual([4, 15]);
    const maxPods =
      c.expression === undefined
        ? nodeadmDefaultMaxPods(limits)
        : MaxPodsExpression.evaluate(c.expression, c.instanceType, { dialect: MaxPodsExpressionDialect.NODEADM })
            .effectiveMaxPods;
    expect(maxPods).toBe(c.maxPods);
    expect(`${kubeReservedMemoryMiB(c.maxPods)}Mi`).toBe(c.kubeReservedMemory);
  });

  // kubelet-config-new-instance-type: a type nodeadm cannot look up gets the kubelet default, 110, and
  // kubeReserved.memory follows it.
  test('an unknown type: nodeadm falls back to 110 and 1465Mi; the library refuses the type instead', () => {
    expect(`${kubeReservedMemoryMiB(110)}Mi`).toBe('1465Mi');
    expect(() => dropInKubelet({ instanceTypes: ['m9z.large'] })).toThrow(
      /instanceTypes\[0\] \('m9z\.large'\) is unknown/,
    );
  });

  test("the library's NodeConfig agrees with nodeadm's own output for the same intent", () => {
    // default networking: 58 and 893Mi, as nodeadm writes
    expect(dropInKubelet({ instanceTypes: ['m4.xlarge'] })).toMatchObject({
      maxPods: 58,
      kubeReserved: { memory: '893Mi' },
    });
    // custom networking: 44 and 739Mi, from the mode or from nodeadm's own expression
    const custom = PodNetworking.secondaryIps({ customNetworking: true });
    const expected = { maxPods: 44, kubeReserved: { memory: '739Mi' } };
    expect(dropInKubelet({ instanceTypes: ['m4.xlarge'], podNetworking: custom })).toMatchObject(expected);
    expect(
      dropInKubelet({
        instanceTypes: ['m4.xlarge'],
        podNetworking: custom,
        maxPodsExpression: '((default_enis -1) * (ips_per_eni - 1)) + 2',
      }),
    ).toMatchObject(expected);
  });

  test('where the library differs on purpose: a value above the IP capacity is refused, not written', () => {
    // nodeadm writes 60 for `max_pods + 2` on m4.xlarge although the node has IPs for 58.
    expect(() => dropInKubelet({ instanceTypes: ['m4.xlarge'], maxPodsExpression: 'max_pods + 2' })).toThrow(
      /gives 60, above the ENI capacity of m4\.xlarge with secondary IPs \(58\)/,
    );
  });

  test("the library writes kubeReserved with maxPods, so nodeadm's kubelet-config-max-pods mismatch cannot happen", () => {
    // In that case the drop-in sets maxPods 1 while config.json keeps kubeReserved for 60 pods (915Mi). The library
    // refuses 1 (the host-network pods alone take 2), so the smallest it takes shows the same pairing.
    expect(dropInKubelet({ instanceTypes: ['m4.xlarge'], kubelet: { maxPods: 3 } })).toMatchObject({
      maxPods: 3,
      kubeReserved: { memory: `${11 * 3 + 255}Mi` },
    });
  });
});
