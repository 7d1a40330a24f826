import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { NetkitGuardrails } from '../../lib';
import { testApp } from '../util';

/** A stack with the guardrail pack on and an Auto Mode cluster in a VPC of two AZs with /24 subnets. */
export function autoModeGuardedStack(id = 'Guarded') {
  const app = testApp();
  NetkitGuardrails.enable(app);
  const stack = new Stack(app, id);
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 1,
    subnetConfiguration: [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
      { name: 'pods', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
    ],
  });
  const cluster = new eks.Cluster(stack, 'Cluster', {
    version: eks.KubernetesVersion.V1_35,
    vpc,
    vpcSubnets: [{ subnetGroupName: 'private' }],
    kubectlProviderOptions: { kubectlLayer: new KubectlV35Layer(stack, 'Kubectl') },
  });
  const idsOf = (group: string) =>
    vpc.selectSubnets({ subnetGroupName: group }).subnets.map((s) => ({ id: s.subnetId }));
  return { app, stack, vpc, cluster, nodeSubnets: idsOf('private'), podSubnets: idsOf('pods') };
}
