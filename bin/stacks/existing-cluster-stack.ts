import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ClusterAuthenticationMode, NetworkBaseline } from '../../lib';

/** What identifies the existing cluster; pass each as `-c netkit:<key>=<value>`. */
export interface ExistingClusterAttributes {
  readonly clusterName: string;
  readonly clusterEndpoint: string;
  readonly clusterSecurityGroupId: string;
  readonly vpcId: string;
  readonly availabilityZones: string[];
  readonly privateSubnetIds: string[];
  readonly privateSubnetRouteTableIds: string[];
  readonly kubectlServiceToken: string;
  readonly kubectlRoleArn: string;
  readonly kubeDnsIp: string;
  /** `aws eks describe-cluster --query cluster.accessConfig.authenticationMode`. */
  readonly authenticationMode: ClusterAuthenticationMode;
  /** `aws eks describe-cluster --query cluster.kubernetesNetworkConfig.ipFamily`. */
  readonly ipFamily: eks.IpFamily;
}

/** Placeholders that let the stack synthesize offline; deploying needs the real values. */
export const EXAMPLE_EXISTING_CLUSTER: ExistingClusterAttributes = {
  clusterName: 'existing-cluster',
  clusterEndpoint: 'https://0123456789ABCDEF0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com',
  clusterSecurityGroupId: 'sg-0123456789abcdef0',
  vpcId: 'vpc-0123456789abcdef0',
  availabilityZones: ['us-east-1a', 'us-east-1b'],
  privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
  privateSubnetRouteTableIds: ['rtb-0123456789abcdef0', 'rtb-0123456789abcdef1'],
  kubectlServiceToken: 'arn:aws:lambda:us-east-1:111111111111:function:existing-cluster-kubectl-provider',
  kubectlRoleArn: 'arn:aws:iam::111111111111:role/existing-cluster-kubectl',
  kubeDnsIp: '172.20.0.10',
  authenticationMode: ClusterAuthenticationMode.API_AND_CONFIG_MAP,
  ipFamily: eks.IpFamily.IP_V4,
};

/** Props for {@link ExistingClusterStack}. */
export interface ExistingClusterStackProps extends StackProps {
  readonly existing: ExistingClusterAttributes;
}

/**
 * The baseline applied to a cluster this app did not create, imported by attributes with its kubectl provider.
 */
export class ExistingClusterStack extends Stack {
  constructor(scope: Construct, id: string, props: ExistingClusterStackProps) {
    super(scope, id, props);
    const existing = props.existing;
    const vpc = ec2.Vpc.fromVpcAttributes(this, 'Vpc', {
      vpcId: existing.vpcId,
      availabilityZones: existing.availabilityZones,
      privateSubnetIds: existing.privateSubnetIds,
      privateSubnetRouteTableIds: existing.privateSubnetRouteTableIds,
    });
    const kubectlProvider = eks.KubectlProvider.fromKubectlProviderAttributes(this, 'KubectlProvider', {
      serviceToken: existing.kubectlServiceToken,
      role: iam.Role.fromRoleArn(this, 'KubectlRole', existing.kubectlRoleArn),
    });
    const cluster = eks.Cluster.fromClusterAttributes(this, 'Cluster', {
      clusterName: existing.clusterName,
      clusterEndpoint: existing.clusterEndpoint,
      clusterSecurityGroupId: existing.clusterSecurityGroupId,
      vpc,
      kubectlProvider,
      ipFamily: existing.ipFamily,
    });
    new NetworkBaseline(this, 'Network', {
      cluster,
      nodeLocalDnsOptions: { kubeDnsIp: existing.kubeDnsIp },
      observabilityOptions: { clusterAuthenticationMode: existing.authenticationMode },
    });
  }
}
