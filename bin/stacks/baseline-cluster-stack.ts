import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { MaxPods, PodNetworking } from '../../lib';
import { renderAl2023UserData } from '../../lib/bootstrap/nodeadm';
import { kubeReservedMemoryMiB } from '../../lib/capacity/max-pods';

/**
 * A new aws-eks-v2 cluster on Kubernetes 1.35 with one managed node group whose max-pods comes from the calculator.
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

    const podNetworking = PodNetworking.secondaryIps();
    const maxPods = MaxPods.calculate('m6i.xlarge', { podNetworking }).recommended;
    const launchTemplate = new ec2.LaunchTemplate(this, 'NodeLaunchTemplate', {
      requireImdsv2: true,
      httpPutResponseHopLimit: 2,
      userData: ec2.UserData.custom(
        renderAl2023UserData({
          maxPods,
          kubeReservedMemoryMiB: kubeReservedMemoryMiB(maxPods),
          registryPullQps: 50,
          registryBurst: 100,
          maxParallelImagePulls: 10,
        }),
      ),
    });
    this.cluster.addNodegroupCapacity('Nodes', {
      instanceTypes: [new ec2.InstanceType('m6i.xlarge')],
      amiType: eks.NodegroupAmiType.AL2023_X86_64_STANDARD,
      minSize: 2,
      desiredSize: 2,
      maxSize: 6,
      launchTemplateSpec: { id: launchTemplate.launchTemplateId!, version: launchTemplate.latestVersionNumber },
    });
  }
}
