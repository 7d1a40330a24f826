import { CfnParameter } from 'aws-cdk-lib';
import { findings, guardedStack, rawCniAddon, rawNodegroup } from './fixtures';

const PD = { ENABLE_PREFIX_DELEGATION: 'true' };

describe('NETKIT-CAP3 prefix delegation on non-Nitro or bare-metal types', () => {
  test('compliant: Nitro types', () => {
    const { stack, cluster } = guardedStack();
    rawCniAddon(stack, cluster, PD);
    rawNodegroup(stack, cluster, 'Raw', { instanceTypes: ['m5.xlarge'] });
    expect(findings(stack, 'NETKIT-CAP3')).toEqual([]);
  });

  test('non-compliant: a Xen type and a bare-metal type', () => {
    const { stack, cluster } = guardedStack();
    rawCniAddon(stack, cluster, PD);
    rawNodegroup(stack, cluster, 'Raw', { instanceTypes: ['m4.xlarge', 'm5.metal'] });
    expect(findings(stack, 'NETKIT-CAP3')).toEqual([
      expect.stringMatching(/m4\.xlarge is on the xen hypervisor: prefix delegation does not raise its pod capacity/),
      expect.stringMatching(/m5\.metal is bare metal/),
    ]);
  });

  test('unresolved: instance types from a parameter are skipped', () => {
    const { stack, cluster } = guardedStack();
    rawCniAddon(stack, cluster, PD);
    rawNodegroup(stack, cluster, 'Raw', { instanceTypes: [new CfnParameter(stack, 'Type').valueAsString] });
    expect(findings(stack, 'NETKIT-CAP3')).toEqual([]);
  });
});
