import { CfnParameter } from 'aws-cdk-lib';
import { findings, guardedStack, rawNodegroup } from './fixtures';
import { TunedNodegroup } from '../../lib';

describe('NETKIT-KUBELET1 image-pull QPS left at the default on dense nodes', () => {
  test('compliant: a TunedNodegroup tunes it; small nodes need not', () => {
    const { stack, cluster } = guardedStack();
    new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.2xlarge'] });
    rawNodegroup(stack, cluster, 'Small', { instanceTypes: ['t3.micro'] });
    expect(findings(stack, 'NETKIT-KUBELET1')).toEqual([]);
  });

  test('non-compliant: m5.2xlarge (58 pods) with the kubelet default', () => {
    const { stack, cluster } = guardedStack();
    rawNodegroup(stack, cluster, 'Raw', { instanceTypes: ['m5.2xlarge'] });
    expect(findings(stack, 'NETKIT-KUBELET1')).toEqual([
      expect.stringMatching(/nodes run up to 58 pods with registryPullQPS 5/),
    ]);
  });

  test('unresolved: instance types from a parameter are skipped', () => {
    const { stack, cluster } = guardedStack();
    rawNodegroup(stack, cluster, 'Raw', { instanceTypes: [new CfnParameter(stack, 'Type').valueAsString] });
    expect(findings(stack, 'NETKIT-KUBELET1')).toEqual([]);
  });
});
