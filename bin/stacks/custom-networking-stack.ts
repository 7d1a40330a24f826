import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { referenceCluster } from './reference-cluster';
import { NetworkBaseline, PodNetworking, PodSecurityGroupEnforcingMode } from '../../lib';

/** Pod subnets live in a secondary CIDR from the carrier-grade NAT range, so pods do not eat the VPC's routable IPs. */
const POD_CIDR = '100.64.0.0/16';

/** Props for {@link CustomNetworkingStack}. */
export interface CustomNetworkingStackProps extends StackProps {
  /** The region; ENIConfigs are named after Availability Zones, so the stack is region-specific. */
  readonly region: string;
}

/**
 * Custom networking with security groups for pods: pods take IPs from /18 subnets of a secondary CIDR, one per AZ,
 * and trunk-attached branch ENIs carry per-pod security groups. Node groups reserve the two ENIs the mode takes.
 */
export class CustomNetworkingStack extends Stack {
  public readonly cluster: eks.Cluster;

  constructor(scope: Construct, id: string, props: CustomNetworkingStackProps) {
    // The account stays open (deploy anywhere); the region is fixed because AZ names are.
    super(scope, id, { ...props, env: { region: props.region } });
    const azs = ['a', 'b', 'c'].map((suffix) => `${props.region}${suffix}`);
    const vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.1.0.0/16'),
      availabilityZones: azs,
      natGateways: 1,
      flowLogs: { all: { trafficType: ec2.FlowLogTrafficType.REJECT } },
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'nodes', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
      ],
    });
    const podCidr = new ec2.CfnVPCCidrBlock(this, 'PodCidr', { vpcId: vpc.vpcId, cidrBlock: POD_CIDR });
    const nat = vpc.publicSubnets[0].node.findChild('NATGateway') as ec2.CfnNatGateway;
    const podSubnets = azs.map((az, i) => {
      const subnet = new ec2.PrivateSubnet(this, `PodSubnet${i + 1}`, {
        vpcId: vpc.vpcId,
        availabilityZone: az,
        cidrBlock: `100.64.${i * 64}.0/18`,
      });
      subnet.addDefaultNatRoute(nat.ref);
      subnet.node.addDependency(podCidr);
      return subnet;
    });

    this.cluster = referenceCluster(this, vpc);
    const podSecurityGroup = new ec2.SecurityGroup(this, 'PodEniSecurityGroup', {
      vpc,
      description: 'ENIs of pods under custom networking',
      allowAllOutbound: true,
    });
    podSecurityGroup.connections.allowFrom(this.cluster.clusterSecurityGroup, ec2.Port.allTraffic(), 'cluster to pods');
    this.cluster.clusterSecurityGroup.connections.allowFrom(podSecurityGroup, ec2.Port.allTraffic(), 'pods to cluster');

    const baseline = new NetworkBaseline(this, 'Network', {
      cluster: this.cluster,
      vpcCniOptions: {
        podNetworking: PodNetworking.secondaryIps({ customNetworking: true, securityGroupsForPods: true }),
        customNetworkingSubnets: podSubnets,
        customNetworkingSecurityGroups: [podSecurityGroup, this.cluster.clusterSecurityGroup],
        // NodeLocal DNSCache needs the standard enforcing mode.
        podSecurityGroupEnforcingMode: PodSecurityGroupEnforcingMode.STANDARD,
      },
      // 3 × m6i.2xlarge offer 3 × 38 = 114 branch ENIs at minimum size: finished pods may hold at most 50 of them.
      terminatedPodGcThreshold: 50,
    });
    // m6i.2xlarge: 4 ENIs × 15 IPv4; custom networking and the trunk take two: (4 − 2) × 14 + 2 = 30 pods.
    baseline.addNodegroup('Workers', { instanceTypes: ['m6i.2xlarge'], minSize: 3, maxSize: 12 });
  }
}
