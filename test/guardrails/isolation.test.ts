import { findings, guardedStack, nodeConfigUserData, rawNodegroup } from './fixtures';
import { NetkitGuardrails } from '../../lib';
import { maxPodsAboveEniCapacity } from '../../lib/guardrails/checks/cap1-max-pods-above-eni-capacity';
import { imdsV1Allowed } from '../../lib/guardrails/checks/imds1-imdsv1-allowed';

describe('the guardrail pack', () => {
  afterEach(() => jest.restoreAllMocks());

  test('a check that meets something unexpected reports a finding naming it; the other checks still run', () => {
    jest.spyOn(maxPodsAboveEniCapacity, 'check').mockImplementation(() => {
      throw new TypeError("Cannot read properties of undefined (reading 'MaxSize')");
    });
    const { stack, cluster } = guardedStack();
    rawNodegroup(stack, cluster, 'Raw', { userData: nodeConfigUserData({ maxPods: 110 }), httpTokens: 'optional' });
    expect(findings(stack, 'NETKIT-CAP1')).toEqual([
      expect.stringMatching(/^\[NETKIT-CAP1\] the check could not run on this stack \(Cannot read properties/),
    ]);
    expect(findings(stack, imdsV1Allowed.id)).toHaveLength(1);
  });

  test('acknowledgements are construct metadata with their reason, visible in the cloud assembly', () => {
    const { app, stack, cluster } = guardedStack();
    const { nodegroup } = rawNodegroup(stack, cluster, 'Raw', { userData: nodeConfigUserData({ maxPods: 110 }) });
    NetkitGuardrails.acknowledge(nodegroup, 'NETKIT-CAP1', 'pods here use host networking');
    const artifact = app.synth().getStackByName(stack.stackName);
    const entries = artifact.findMetadataByType('cdk-eks-netkit:acknowledgement');
    expect(entries.map((e) => [e.path, e.data])).toEqual([
      [`/${nodegroup.node.path}`, { id: 'NETKIT-CAP1', reason: 'pods here use host networking' }],
    ]);
  });

  test('an acknowledgement needs a reason', () => {
    const { stack } = guardedStack();
    expect(() => NetkitGuardrails.acknowledge(stack, 'NETKIT-CAP1', '')).toThrow(/NETKIT-CAP1: give the reason/);
  });
});
