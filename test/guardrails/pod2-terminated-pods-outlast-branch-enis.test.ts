import { CfnParameter } from 'aws-cdk-lib';
import { findings, guardedStack, rawCniAddon } from './fixtures';
import { NetworkBaseline, PodNetworking, TunedNodegroup } from '../../lib';

const SGP = { ENABLE_POD_ENI: 'true', CLUSTER_ENDPOINT: 'https://example.eks.amazonaws.com' };

// The case study's nodes: m5a.xlarge advertises 18 branch ENIs (vpc.amazonaws.com/pod-eni). Three nodes at minimum
// size offer 3 × 18 = 54.
function sgpCluster(threshold?: number | 'token') {
  const { stack, cluster } = guardedStack();
  rawCniAddon(stack, cluster, SGP);
  new TunedNodegroup(stack, 'Nodes', {
    cluster,
    instanceTypes: ['m5a.xlarge'],
    minSize: 3,
    maxSize: 6,
    podNetworking: PodNetworking.secondaryIps({ securityGroupsForPods: true }),
  });
  if (threshold !== undefined) {
    const value =
      threshold === 'token' ? new CfnParameter(stack, 'GcThreshold', { type: 'Number' }).valueAsNumber : threshold;
    new NetworkBaseline(stack, 'Baseline', {
      cluster,
      terminatedPodGcThreshold: value,
      vpcCniOptions: { podNetworking: PodNetworking.secondaryIps({ securityGroupsForPods: true }) },
      observability: false,
      nodeLocalDns: false,
    });
  }
  return stack;
}

describe('NETKIT-POD2 terminated pods can outlast the branch ENIs', () => {
  test('non-compliant: the default threshold, 12,500, against 3 × 18 = 54 branch ENIs', () => {
    expect(findings(sgpCluster(), 'NETKIT-POD2')).toEqual([
      expect.stringMatching(
        /no terminatedPodGcThreshold \(the Kubernetes default, 12500\) is at or above the 54 branch ENIs .* \(3 × 18\)/,
      ),
    ]);
  });

  test('non-compliant: a threshold of 54 still lets finished pods hold all 54', () => {
    expect(findings(sgpCluster(54), 'NETKIT-POD2')).toEqual([
      expect.stringMatching(/terminatedPodGcThreshold 54 is at or above the 54 branch ENIs/),
    ]);
  });

  test('compliant: 40 terminated pods at most leave 14 branch ENIs for running pods', () => {
    expect(findings(sgpCluster(40), 'NETKIT-POD2')).toEqual([]);
  });

  test('unresolved: a threshold from a parameter is not judged', () => {
    expect(findings(sgpCluster('token'), 'NETKIT-POD2')).toEqual([]);
  });

  test('no security groups for pods: nothing to say', () => {
    const { stack, cluster } = guardedStack();
    new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5a.xlarge'], minSize: 3 });
    expect(findings(stack, 'NETKIT-POD2')).toEqual([]);
  });
});
