import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';

/** The Kubernetes version every reference stack runs; the kubectl layer must match it within one minor. */
export const REFERENCE_KUBERNETES_VERSION = eks.KubernetesVersion.V1_35;

/**
 * The aws-eks-v2 cluster of the reference stacks: Kubernetes 1.35 with the v35 kubectl layer, managed node groups
 * only (no Auto Mode, no default capacity), a fixed service CIDR so NodeLocal DNSCache knows the kube-dns address.
 */
export function referenceCluster(scope: Construct, vpc: ec2.IVpc): eks.Cluster {
  return new eks.Cluster(scope, 'Cluster', {
    version: REFERENCE_KUBERNETES_VERSION,
    vpc,
    vpcSubnets: [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }],
    defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
    defaultCapacity: 0,
    serviceIpv4Cidr: '172.20.0.0/16',
    clusterLogging: [eks.ClusterLoggingTypes.API, eks.ClusterLoggingTypes.AUDIT, eks.ClusterLoggingTypes.AUTHENTICATOR],
    kubectlProviderOptions: { kubectlLayer: new KubectlV35Layer(scope, 'KubectlLayer') },
  });
}
