import { Annotations, Stack, StackProps, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { referenceCluster } from './reference-cluster';
import {
  KarpenterCapacityType,
  KarpenterController,
  NetworkBaseline,
  PodNetworking,
  PodSecurityGroupEnforcingMode,
} from '../../lib';

/**
 * Karpenter with security groups for pods: the controller from KarpenterController (Helm, EKS Pod Identity, the
 * interruption queue) with `reservedENIs` set to what the mode takes, an EC2NodeClass and NodePool with the library's
 * tuning, and a small managed node group for the controller itself.
 */
export class KarpenterStack extends Stack {
  public readonly cluster: eks.Cluster;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    const vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.3.0.0/16'),
      maxAzs: 3,
      natGateways: 1,
      flowLogs: { all: { trafficType: ec2.FlowLogTrafficType.REJECT } },
    });
    this.cluster = referenceCluster(this, vpc);
    const podNetworking = PodNetworking.secondaryIps({ securityGroupsForPods: true });
    const baseline = new NetworkBaseline(this, 'Network', {
      cluster: this.cluster,
      vpcCniOptions: { podNetworking, podSecurityGroupEnforcingMode: PodSecurityGroupEnforcingMode.STANDARD },
      // Completed pods with security groups hold branch ENIs until deleted: 2 × 9 at minimum size (NETKIT-POD2).
      terminatedPodGcThreshold: 10,
    });
    baseline.addNodegroup('System', { instanceTypes: ['m6i.large'], minSize: 2, maxSize: 3 });
    // A literal discovery tag: the cluster name is a deploy-time value, and the subnets are created before the cluster.
    const discovery = { 'karpenter.sh/discovery': this.stackName };
    for (const subnet of vpc.privateSubnets) Tags.of(subnet).add('karpenter.sh/discovery', this.stackName);

    const karpenter = new KarpenterController(this, 'Karpenter', { cluster: this.cluster });

    const nodeClass = baseline.addKarpenterNodeClass('Karpenter', {
      nodeRole: karpenter.nodeRole,
      subnetSelectorTags: discovery,
      securityGroupSelectorTags: { 'aws:eks:cluster-name': this.cluster.clusterName },
      nodePool: { capacityTypes: [KarpenterCapacityType.ON_DEMAND, KarpenterCapacityType.SPOT], cpuLimit: 1000 },
    });
    nodeClass.node.addDependency(karpenter.chart);
    Annotations.of(nodeClass).acknowledgeWarning(
      'cdk-eks-netkit:karpenterReservedEnis',
      'KarpenterController sets settings.reservedENIs from the cluster networking context',
    );
  }
}
