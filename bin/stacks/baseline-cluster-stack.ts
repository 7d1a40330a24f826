import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { TunedNodegroup } from '../../lib';

/**
 * A new aws-eks-v2 cluster on Kubernetes 1.35 with a tuned AL2023 managed node group: max-pods from the
 * calculator, tuned image pulls, container state on its own EBS volume.
 */
export class BaselineClusterStack extends Stack {
  public readonly cluster: eks.Cluster;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);

    const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 3, natGateways: 1 });
    this.cluster = new eks.Cluster(this, 'Cluster', {
      version: eks.KubernetesVersion.V1_35,
      vpc,
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
      defaultCapacity: 0,
      kubectlProviderOptions: { kubectlLayer: new KubectlV35Layer(this, 'KubectlLayer') },
    });

    new TunedNodegroup(this, 'Nodes', {
      cluster: this.cluster,
      instanceTypes: ['m6i.xlarge', 'm6a.xlarge'],
      minSize: 2,
      maxSize: 6,
    });
  }
}
