import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import {
  CoreDns,
  KubeProxy,
  NetworkObservability,
  NodeLocalDnsCache,
  PodNetworking,
  TunedNodegroup,
  VpcCni,
} from '../../lib';

/**
 * A new aws-eks-v2 cluster on Kubernetes 1.35 with the networking add-ons (VPC CNI with CLUSTER_ENDPOINT,
 * kube-proxy with the node-name patch, CoreDNS spread across zones, NodeLocal DNSCache) and a tuned AL2023 managed
 * node group: max-pods from the calculator, tuned image pulls, container state on its own EBS volume.
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
      serviceIpv4Cidr: '172.20.0.0/16',
      kubectlProviderOptions: { kubectlLayer: new KubectlV35Layer(this, 'KubectlLayer') },
    });

    // The add-ons first: node groups take their pod-networking mode from the VPC CNI and join after it.
    new VpcCni(this, 'VpcCni', {
      cluster: this.cluster,
      podNetworking: PodNetworking.secondaryIps(),
      ipCooldownPeriodSeconds: 30,
    });
    new KubeProxy(this, 'KubeProxy', { cluster: this.cluster });
    new CoreDns(this, 'CoreDns', { cluster: this.cluster, autoScaling: { minReplicas: 2, maxReplicas: 10 } });
    new NodeLocalDnsCache(this, 'NodeLocalDns', { cluster: this.cluster });

    new TunedNodegroup(this, 'Nodes', {
      cluster: this.cluster,
      instanceTypes: ['m6i.xlarge', 'm6a.xlarge'],
      minSize: 2,
      maxSize: 6,
    });

    new NetworkObservability(this, 'Network', { cluster: this.cluster });
  }
}
