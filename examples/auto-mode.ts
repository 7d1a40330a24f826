/**
 * A copyable app: an EKS Auto Mode cluster (aws-eks-v2's default compute) with a NodeClass whose ephemeral storage
 * does not throttle at boot and whose nodes take single IPs (`ipv4PrefixSize "32"`, what `cdk-eks-netkit plan
 * --auto-mode` advises for pod-sparse nodes), and a NodePool of it.
 *
 *   npx ts-node examples/auto-mode.ts
 */
import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { AutoModeNodeClass, Ipv4PrefixSize, MaxPods } from '../lib';

export class AutoModeExample extends Stack {
  public readonly nodeClass: AutoModeNodeClass;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    const cluster = new eks.Cluster(this, 'Cluster', {
      version: eks.KubernetesVersion.V1_35,
      kubectlProviderOptions: { kubectlLayer: new KubectlV35Layer(this, 'Kubectl') },
    });
    this.nodeClass = new AutoModeNodeClass(this, 'Batch', {
      cluster,
      ipv4PrefixSize: Ipv4PrefixSize.SINGLE_ADDRESS,
      ephemeralStorage: { sizeGiB: 150, iops: 4000, throughputMiBps: 500 },
    });
    this.nodeClass.addNodePool('BatchPool', {
      name: 'batch',
      instanceTypes: ['c6i.2xlarge', 'c6a.2xlarge'],
      capacityTypes: ['spot', 'on-demand'],
      cpuLimit: 256,
      podsPerNode: 8,
    });
  }

  /** Max pods a node of the class runs: the ENI calculation for single IPs, then Auto Mode's 110 cap. */
  public maxPods(instanceType: string): number {
    return MaxPods.calculate(instanceType, { podNetworking: this.nodeClass.podNetworking }).maxPods;
  }
}

if (require.main === module) {
  const app = new App();
  new AutoModeExample(app, 'AutoModeExample');
  app.synth();
}
