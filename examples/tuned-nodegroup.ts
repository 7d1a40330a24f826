/**
 * A copyable app: an aws-eks-v2 cluster whose VPC CNI runs prefix delegation, and a Graviton node group whose
 * max-pods the library computes for that mode (110 for these 4-vCPU types, not the 58 of plain secondary IPs).
 *
 *   npx ts-node examples/tuned-nodegroup.ts
 */
import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { PodNetworking, TunedNodegroup, VpcCni } from '../lib';

export class TunedNodegroupExample extends Stack {
  public readonly nodes: TunedNodegroup;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    const cluster = new eks.Cluster(this, 'Cluster', {
      version: eks.KubernetesVersion.V1_35,
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
      defaultCapacity: 0,
      kubectlProviderOptions: { kubectlLayer: new KubectlV35Layer(this, 'Kubectl') },
    });
    new VpcCni(this, 'VpcCni', { cluster, podNetworking: PodNetworking.prefixDelegation() });
    this.nodes = new TunedNodegroup(this, 'Nodes', {
      cluster,
      instanceTypes: ['m7g.xlarge', 'c7g.xlarge'],
      minSize: 2,
      maxSize: 10,
    });
  }
}

if (require.main === module) {
  const app = new App();
  new TunedNodegroupExample(app, 'TunedNodegroupExample');
  app.synth();
}
