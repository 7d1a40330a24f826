import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { referenceCluster } from './reference-cluster';
import { NetworkBaseline, NodeImage, PodNetworking } from '../../lib';

/**
 * Bottlerocket on Graviton with prefix delegation: TOML settings carry max pods (110 for these 4-vCPU types) and the
 * image-pull tuning; the data volume (/dev/xvdb) is sized, not the root.
 */
export class BottlerocketStack extends Stack {
  public readonly cluster: eks.Cluster;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    const vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.2.0.0/16'),
      maxAzs: 3,
      natGateways: 1,
      flowLogs: { all: { trafficType: ec2.FlowLogTrafficType.REJECT } },
    });
    this.cluster = referenceCluster(this, vpc);
    const baseline = new NetworkBaseline(this, 'Network', {
      cluster: this.cluster,
      vpcCniOptions: { podNetworking: PodNetworking.prefixDelegation() },
    });
    baseline.addNodegroup('Workers', {
      instanceTypes: ['m7g.xlarge', 'c7g.xlarge'],
      nodeImage: NodeImage.BOTTLEROCKET,
      dataVolume: { sizeGiB: 80 },
      minSize: 3,
      maxSize: 20,
    });
  }
}
