import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { REFERENCE_KUBERNETES_VERSION } from './reference-cluster';
import { AutoModeNodeClass, NetworkBaseline, PodNetworking } from '../../lib';

/** The Auto Mode pool: at most 64 vCPUs of 4-vCPU types, so 16 nodes. */
const AUTO_POOL = { instanceTypes: ['m6i.xlarge', 'm6a.xlarge'], cpuLimit: 64 };
/** The managed node group beside it, tuned by the baseline. */
const TUNED = { instanceTypes: ['m6i.large'], minSize: 2, maxSize: 6 };

/**
 * A mixed EKS Auto Mode cluster: aws-eks-v2's default Auto Mode compute (the built-in `system` pool only), a custom
 * NodeClass and NodePool from this library, and one tuned managed node group with the networking baseline and
 * observability. /22 private subnets hold the Auto Mode pool at its CPU limit (8 nodes per zone × 113 IPs = 904 of
 * 1,019) with room for the managed nodes.
 */
export class AutoModeStack extends Stack {
  public readonly cluster: eks.Cluster;
  public readonly nodeClass: AutoModeNodeClass;
  public readonly baseline: NetworkBaseline;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    const vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.5.0.0/16'),
      maxAzs: 3,
      natGateways: 1,
      flowLogs: { all: { trafficType: ec2.FlowLogTrafficType.REJECT } },
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
      ],
    });
    this.cluster = new eks.Cluster(this, 'Cluster', {
      version: REFERENCE_KUBERNETES_VERSION,
      vpc,
      vpcSubnets: [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }],
      // Auto Mode is aws-eks-v2's default; the built-in general-purpose pool gives way to the tuned one below.
      compute: { nodePools: ['system'] },
      serviceIpv4Cidr: '172.20.0.0/16',
      clusterLogging: [
        eks.ClusterLoggingTypes.API,
        eks.ClusterLoggingTypes.AUDIT,
        eks.ClusterLoggingTypes.AUTHENTICATOR,
      ],
      kubectlProviderOptions: { kubectlLayer: new KubectlV35Layer(this, 'KubectlLayer') },
    });
    this.nodeClass = new AutoModeNodeClass(this, 'General', {
      cluster: this.cluster,
      subnetSelectorTerms: vpc.privateSubnets.map((s) => ({ id: s.subnetId })),
    });
    this.nodeClass.addNodePool('GeneralPool', { name: 'general', ...AUTO_POOL });
    // The managed node group's pods still need the tuned VPC CNI, kube-proxy and CoreDNS.
    this.baseline = new NetworkBaseline(this, 'Network', {
      cluster: this.cluster,
      vpcCniOptions: { podNetworking: PodNetworking.secondaryIps(), ipCooldownPeriodSeconds: 30 },
      coreDnsOptions: { autoScaling: { minReplicas: 2, maxReplicas: 10 } },
    });
    this.baseline.addNodegroup('Tuned', TUNED);
  }
}
