import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { NetkitGuardrails } from '../../lib';
import { testApp } from '../util';

/**
 * A stack with the guardrail pack on and an IPv6 aws-eks-v2 cluster: in a dual-stack VPC (subnets with a /64 that
 * auto-assign IPv6), or in an IPv4-only VPC, as a user who forgot the VPC side writes it.
 */
export function ipv6GuardedStack(dualStack = true) {
  const app = testApp();
  NetkitGuardrails.enable(app);
  const stack = new Stack(app, 'Guarded');
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 1,
    ...(dualStack ? { ipProtocol: ec2.IpProtocol.DUAL_STACK } : {}),
    subnetConfiguration: [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
    ],
  });
  const cluster = new eks.Cluster(stack, 'Cluster', {
    version: eks.KubernetesVersion.V1_35,
    vpc,
    ipFamily: eks.IpFamily.IP_V6,
    defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
    defaultCapacity: 0,
    kubectlProviderOptions: { kubectlLayer: new KubectlV35Layer(stack, 'Kubectl') },
  });
  return { app, stack, vpc, cluster };
}
