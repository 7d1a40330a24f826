import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { referenceCluster } from './reference-cluster';
import { NetworkBaseline, PodNetworking, TunedNodegroupOptions } from '../../lib';
import { smallestFittingPrefixLength } from '../../lib/capacity/ip-planner';

const MAX_AZS = 3;
const WORKERS = {
  instanceTypes: ['m6i.xlarge', 'm6a.xlarge'],
  minSize: 3,
  maxSize: 30,
} satisfies TunedNodegroupOptions;

/**
 * A new cluster with the full baseline: a VPC whose private subnets the IP planner sized for the node groups at
 * maximum size, aws-eks-v2 on Kubernetes 1.35, the networking add-ons, a tuned node group, observability and the
 * guardrails.
 */
export class BaselineClusterStack extends Stack {
  public readonly cluster: eks.Cluster;
  public readonly baseline: NetworkBaseline;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    const podNetworking = PodNetworking.secondaryIps();
    // An environment-agnostic stack gets two AZs, an environment-specific one up to three: size for what it gets.
    const azCount = Math.min(MAX_AZS, this.availabilityZones.length);
    const privateMask = smallestFittingPrefixLength(azCount, [{ name: 'workers', ...WORKERS }], podNetworking);
    const vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
      maxAzs: MAX_AZS,
      natGateways: 1,
      flowLogs: { all: { trafficType: ec2.FlowLogTrafficType.REJECT } },
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: privateMask },
      ],
    });
    this.cluster = referenceCluster(this, vpc);
    this.baseline = new NetworkBaseline(this, 'Network', {
      cluster: this.cluster,
      vpcCniOptions: { podNetworking, ipCooldownPeriodSeconds: 30 },
      coreDnsOptions: { autoScaling: { minReplicas: 2, maxReplicas: 10 } },
    });
    this.baseline.addNodegroup('Workers', WORKERS);
  }
}
