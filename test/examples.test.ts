import { Template } from 'aws-cdk-lib/assertions';
import { launchTemplateUserData, nodeadmDropIns, testApp } from './util';
import { TunedNodegroupExample } from '../examples/tuned-nodegroup';

test('the tuned-nodegroup example synthesizes with max-pods computed for prefix delegation', () => {
  const stack = new TunedNodegroupExample(testApp(), 'TunedNodegroupExample');
  const template = Template.fromStack(stack);
  // m7g.xlarge and c7g.xlarge: 4 ENIs × (15 − 1) × 16 + 2 = 898 prefix capacity, 4 vCPUs → the 110 cap.
  expect(stack.nodes.maxPods).toBe(110);
  expect(nodeadmDropIns(launchTemplateUserData(template)[0])[0].spec.kubelet.config.maxPods).toBe(110);
  template.hasResourceProperties('AWS::EKS::Nodegroup', { AmiType: 'AL2023_ARM_64_STANDARD' });
});
