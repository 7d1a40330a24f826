import { Fn } from 'aws-cdk-lib';
import { findings, guardedStack, rawNodegroup, shellUserData } from './fixtures';
import { TunedNodegroup } from '../../lib';

describe('NETKIT-BOOT1 user data that overrides the hostname', () => {
  test('compliant: a TunedNodegroup with its own script', () => {
    const { stack, cluster } = guardedStack();
    new TunedNodegroup(stack, 'Nodes', {
      cluster,
      instanceTypes: ['m5.large'],
      shellScripts: ['#!/bin/bash\necho "node is $(hostname)"'],
    });
    expect(findings(stack, 'NETKIT-BOOT1')).toEqual([]);
  });

  test('non-compliant: a hand-made launch template', () => {
    const { stack, cluster } = guardedStack();
    rawNodegroup(stack, cluster, 'Raw', {
      userData: shellUserData(
        '#!/bin/bash\nset -e\n' + 'hostnamectl set-hostname node-1.vpc.internal' + '\n/usr/bin/nodeadm init',
      ),
    });
    expect(findings(stack, 'NETKIT-BOOT1')).toEqual([
      expect.stringMatching(/user data runs 'hostnamectl set-hostname node-1\.vpc\.internal'/),
    ]);
  });

  test('unresolved: user data with deploy-time values is skipped', () => {
    const { stack, cluster } = guardedStack();
    rawNodegroup(stack, cluster, 'Raw', {
      userDataToken: Fn.base64(
        Fn.join('', [
          shellUserData('#!/bin/bash\n' + 'hostnamectl set-hostname node-1.vpc.internal'),
          cluster.clusterName,
        ]),
      ),
    });
    expect(findings(stack, 'NETKIT-BOOT1')).toEqual([]);
  });
});
