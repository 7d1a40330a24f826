import { Fn } from 'aws-cdk-lib';
import { findings, guardedStack, rawNodegroup, shellUserData } from './fixtures';
import { TunedNodegroup } from '../../lib';

describe('NETKIT-BOOT3 user data that manages docker', () => {
  test('compliant: a TunedNodegroup with its own script', () => {
    const { stack, cluster } = guardedStack();
    new TunedNodegroup(stack, 'Nodes', {
      cluster,
      instanceTypes: ['m5.large'],
      shellScripts: ['#!/bin/bash\nsystemctl restart containerd'],
    });
    expect(findings(stack, 'NETKIT-BOOT3')).toEqual([]);
  });

  test('non-compliant: a hand-made launch template', () => {
    const { stack, cluster } = guardedStack();
    rawNodegroup(stack, cluster, 'Raw', {
      userData: shellUserData(
        '#!/bin/bash\nset -e\n' + 'yum install -y docker && systemctl enable docker' + '\n/usr/bin/nodeadm init',
      ),
    });
    expect(findings(stack, 'NETKIT-BOOT3')).toEqual([
      expect.stringMatching(
        /user data runs 'yum install -y docker && systemctl enable docker': EKS nodes run containerd/,
      ),
    ]);
  });

  test('unresolved: user data with deploy-time values is skipped', () => {
    const { stack, cluster } = guardedStack();
    rawNodegroup(stack, cluster, 'Raw', {
      userDataToken: Fn.base64(
        Fn.join('', [
          shellUserData('#!/bin/bash\n' + 'yum install -y docker && systemctl enable docker'),
          cluster.clusterName,
        ]),
      ),
    });
    expect(findings(stack, 'NETKIT-BOOT3')).toEqual([]);
  });
});
