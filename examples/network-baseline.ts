/**
 * A copyable app: the whole networking baseline on a new cluster in a few lines. The VPC CNI runs prefix
 * delegation; node groups added through the baseline take that mode and join after the add-on.
 *
 *   npx ts-node examples/network-baseline.ts
 */
import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { NetworkBaseline, PodNetworking } from '../lib';

export class NetworkBaselineExample extends Stack {
  public readonly baseline: NetworkBaseline;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    const cluster = new eks.Cluster(this, 'Cluster', {
      version: eks.KubernetesVersion.V1_35,
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
      defaultCapacity: 0,
      serviceIpv4Cidr: '172.20.0.0/16',
      kubectlProviderOptions: { kubectlLayer: new KubectlV35Layer(this, 'Kubectl') },
    });
    this.baseline = new NetworkBaseline(this, 'Network', {
      cluster,
      vpcCniOptions: { podNetworking: PodNetworking.prefixDelegation() },
      observabilityOptions: { alertEmails: ['oncall@example.com'] },
    });
    this.baseline.addNodegroup('Workers', { instanceTypes: ['m6i.2xlarge'], minSize: 2, maxSize: 10 });
  }
}

if (require.main === module) {
  const app = new App();
  new NetworkBaselineExample(app, 'NetworkBaselineExample');
  app.synth();
}
