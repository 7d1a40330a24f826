import { Template } from 'aws-cdk-lib/assertions';
import { TunedNodegroupOptions, TunedNodegroup } from '../../lib';
import { testCluster } from '../fixtures/cluster';

function template(options: Partial<TunedNodegroupOptions>) {
  const { stack, cluster } = testCluster({ kubectl: false });
  new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m6i.xlarge'], ...options });
  return Template.fromStack(stack);
}

test('a change of kubelet tuning makes a new launch-template version; the node group stays the same resource', () => {
  const before = template({});
  const after = template({ kubelet: { registryPullQps: 20, maxPods: 40 } });
  const nodegroup = (t: Template) => t.findResources('AWS::EKS::Nodegroup');
  const launchTemplate = (t: Template) => t.findResources('AWS::EC2::LaunchTemplate');
  // Same logical IDs, and the node group's properties are identical: it points at the latest version by GetAtt.
  expect(nodegroup(after)).toEqual(nodegroup(before));
  expect(Object.keys(launchTemplate(after))).toEqual(Object.keys(launchTemplate(before)));
  const [lt] = Object.values(nodegroup(after));
  expect(lt.Properties.LaunchTemplate.Version).toEqual({
    'Fn::GetAtt': [Object.keys(launchTemplate(after))[0], 'LatestVersionNumber'],
  });
  // Only the launch template data (the user data) differs: CloudFormation updates it in place as a new version.
  const data = (t: Template) => Object.values(launchTemplate(t))[0].Properties.LaunchTemplateData;
  expect(data(after).UserData).not.toEqual(data(before).UserData);
  expect({ ...data(after), UserData: undefined }).toEqual({ ...data(before), UserData: undefined });
});

test('a change of the data volume size is a launch-template change too', () => {
  const before = template({});
  const after = template({ dataVolume: { sizeGiB: 200 } });
  expect(after.findResources('AWS::EKS::Nodegroup')).toEqual(before.findResources('AWS::EKS::Nodegroup'));
});
