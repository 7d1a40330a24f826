import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AutoModeExample } from '../examples/auto-mode';
import { PlainCdkExample } from '../examples/guardrails-on-plain-cdk';
import { NetworkBaselineExample } from '../examples/network-baseline';
import { TunedNodegroupExample } from '../examples/tuned-nodegroup';
import { NetkitGuardrails } from '../lib';
import { launchTemplateUserData, nodeadmDropIns, testApp } from './util';

/** The template with asset hashes (which move with every aws-cdk-lib and kubectl-layer release) replaced. */
function stabilised(stack: Stack): unknown {
  return JSON.parse(JSON.stringify(Template.fromStack(stack).toJSON()).replace(/[a-f0-9]{64}/g, '[ASSET-HASH]'));
}

describe('examples/tuned-nodegroup.ts', () => {
  const stack = new TunedNodegroupExample(testApp(), 'TunedNodegroupExample');

  test('max-pods is computed for prefix delegation', () => {
    // m7g.xlarge and c7g.xlarge: 4 ENIs × (15 − 1) × 16 + 2 = 898 prefix capacity, 4 vCPUs → the 110 cap.
    expect(stack.nodes.maxPods).toBe(110);
    expect(nodeadmDropIns(launchTemplateUserData(Template.fromStack(stack))[0])[0].spec.kubelet.config.maxPods).toBe(
      110,
    );
  });

  test('template snapshot', () => {
    expect(stabilised(stack)).toMatchSnapshot();
  });
});

describe('examples/network-baseline.ts', () => {
  const stack = new NetworkBaselineExample(testApp(), 'NetworkBaselineExample');

  test('the baseline passes its own guardrails', () => {
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('template snapshot', () => {
    expect(stabilised(stack)).toMatchSnapshot();
  });
});

describe('examples/guardrails-on-plain-cdk.ts', () => {
  test('the guardrails stop the hand-written bootstrap', () => {
    const app = testApp();
    NetkitGuardrails.enable(app);
    const stack = new PlainCdkExample(app, 'PlainCdkExample');
    const errors = Annotations.fromStack(stack)
      .findError('*', Match.anyValue())
      .map((e) => String(e.entry.data));
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\[NETKIT-CAP1\] maxPods \(110\) exceeds the ENI capacity of m5\.large/),
        expect.stringMatching(/^\[NETKIT-BOOT1\]/),
      ]),
    );
  });
});

describe('examples/auto-mode.ts', () => {
  const app = testApp();
  NetkitGuardrails.enable(app);
  const stack = new AutoModeExample(app, 'AutoModeExample');

  test('single IPs: c6i.2xlarge runs min(110, 4 ENIs × (15 − 1) + 2) = 58 pods', () => {
    expect(stack.maxPods('c6i.2xlarge')).toBe(58);
  });

  test('passes the guardrails, Auto Mode ones included', () => {
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('template snapshot', () => {
    expect(stabilised(stack)).toMatchSnapshot();
  });
});
