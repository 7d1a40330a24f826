import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { REFERENCE_KUBERNETES_VERSION } from './reference-cluster';
import { NetworkBaseline, PodNetworking, TunedNodegroupOptions } from '../../lib';
import { smallestFittingPrefixLength } from '../../lib/capacity/ip-planner';

const MAX_AZS = 3;
const WORKERS = {
  instanceTypes: ['m6i.xlarge', 'm6a.xlarge'],
  minSize: 3,
  maxSize: 30,
} satisfies TunedNodegroupOptions;

/**
 * An IPv6 cluster with the baseline: a dual-stack VPC (IPv4 for the nodes' primary addresses, a /64 per subnet for
 * pods), aws-eks-v2 with `IpFamily.IP_V6` on Kubernetes 1.35, the VPC CNI in IPv6 mode, a tuned node group whose max
 * pods is the IPv6 value, NodeLocal DNSCache at fd00::10, observability and the guardrails.
 */
export class Ipv6ClusterStack extends Stack {
  public readonly cluster: eks.Cluster;
  public readonly baseline: NetworkBaseline;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    const azCount = Math.min(MAX_AZS, this.availabilityZones.length);
    // The planner sizes for IPv6 nodes, one IPv4 address each: a /27 per AZ would hold the group. A /24 leaves room for
    // the control plane's ENIs, load balancers and node rolling updates, which the plan does not count.
    const plannedMask = smallestFittingPrefixLength(azCount, [{ name: 'workers', ...WORKERS }], PodNetworking.ipv6());
    const privateMask = Math.min(plannedMask, 24);
    const vpc = new ec2.Vpc(this, 'Vpc', {
      ipProtocol: ec2.IpProtocol.DUAL_STACK,
      ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
      maxAzs: MAX_AZS,
      natGateways: 1,
      flowLogs: { all: { trafficType: ec2.FlowLogTrafficType.REJECT } },
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: privateMask },
      ],
    });
    this.cluster = new eks.Cluster(this, 'Cluster', {
      version: REFERENCE_KUBERNETES_VERSION,
      vpc,
      vpcSubnets: [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }],
      ipFamily: eks.IpFamily.IP_V6,
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
      defaultCapacity: 0,
      clusterLogging: [
        eks.ClusterLoggingTypes.API,
        eks.ClusterLoggingTypes.AUDIT,
        eks.ClusterLoggingTypes.AUTHENTICATOR,
      ],
      kubectlProviderOptions: { kubectlLayer: new KubectlV35Layer(this, 'KubectlLayer') },
    });
    this.baseline = new NetworkBaseline(this, 'Network', {
      cluster: this.cluster,
      coreDnsOptions: { autoScaling: { minReplicas: 2, maxReplicas: 10 } },
    });
    this.baseline.addNodegroup('Workers', WORKERS);
  }
}
