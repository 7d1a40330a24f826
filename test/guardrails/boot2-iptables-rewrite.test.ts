import { Fn } from 'aws-cdk-lib';
import { findings, guardedStack, rawNodegroup, shellUserData } from './fixtures';
import { TunedNodegroup } from '../../lib';

describe('NETKIT-BOOT2 user data that flushes or rewrites iptables', () => {
  test('compliant: a TunedNodegroup with its own script', () => {
    const { stack, cluster } = guardedStack();
    new TunedNodegroup(stack, 'Nodes', {
      cluster,
      instanceTypes: ['m5.large'],
      shellScripts: ['#!/bin/bash\niptables -L -n'],
    });
    expect(findings(stack, 'NETKIT-BOOT2')).toEqual([]);
  });

  test('non-compliant: a hand-made launch template', () => {
    const { stack, cluster } = guardedStack();
    rawNodegroup(stack, cluster, 'Raw', {
      userData: shellUserData('#!/bin/bash\nset -e\n' + 'iptables -t nat -F' + '\n/usr/bin/nodeadm init'),
    });
    expect(findings(stack, 'NETKIT-BOOT2')).toEqual([expect.stringMatching(/user data runs 'iptables -t nat -F'/)]);
  });

  test('unresolved: user data with deploy-time values is skipped', () => {
    const { stack, cluster } = guardedStack();
    rawNodegroup(stack, cluster, 'Raw', {
      userDataToken: Fn.base64(
        Fn.join('', [shellUserData('#!/bin/bash\n' + 'iptables -t nat -F'), cluster.clusterName]),
      ),
    });
    expect(findings(stack, 'NETKIT-BOOT2')).toEqual([]);
  });
});
