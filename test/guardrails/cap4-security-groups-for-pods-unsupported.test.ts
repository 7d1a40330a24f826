import { CfnParameter } from 'aws-cdk-lib';
import { findings, guardedStack, rawCniAddon, rawNodegroup } from './fixtures';

const SGP = { ENABLE_POD_ENI: 'true', CLUSTER_ENDPOINT: 'https://example.eks.amazonaws.com' };

describe('NETKIT-CAP4 security groups for pods on non-trunking types', () => {
  test('compliant: trunking-compatible types', () => {
    const { stack, cluster } = guardedStack();
    rawCniAddon(stack, cluster, SGP);
    rawNodegroup(stack, cluster, 'Raw', { instanceTypes: ['m5.large'] });
    expect(findings(stack, 'NETKIT-CAP4')).toEqual([]);
  });

  test('non-compliant: t3.large has no trunk ENI', () => {
    const { stack, cluster } = guardedStack();
    rawCniAddon(stack, cluster, SGP);
    rawNodegroup(stack, cluster, 'Raw', { instanceTypes: ['t3.large'] });
    expect(findings(stack, 'NETKIT-CAP4')).toEqual([expect.stringMatching(/t3\.large cannot attach a trunk ENI/)]);
  });

  test('unresolved: instance types from a parameter are skipped', () => {
    const { stack, cluster } = guardedStack();
    rawCniAddon(stack, cluster, SGP);
    rawNodegroup(stack, cluster, 'Raw', { instanceTypes: [new CfnParameter(stack, 'Type').valueAsString] });
    expect(findings(stack, 'NETKIT-CAP4')).toEqual([]);
  });
});
