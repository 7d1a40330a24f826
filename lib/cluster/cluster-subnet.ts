import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { IConstruct } from 'constructs';
import { NetkitValidationError } from '../private/validation-error';

/** A subnet the cluster's compute uses, with what the VPC tells of it. */
export interface ClusterSubnet {
  /** The subnet ID (a token for a subnet created in the app). */
  readonly subnetId: string;
  /**
   * Its Availability Zone.
   * @default - unknown
   */
  readonly availabilityZone?: string;
  /**
   * Its IPv4 CIDR block: known for subnets created in the app, imported with `Vpc.fromVpcAttributes` and
   * `…SubnetIpv4CidrBlocks`, or looked up with `Vpc.fromLookup`.
   * @default - unknown (an imported subnet whose CIDR was not given)
   */
  readonly ipv4CidrBlock?: string;
}

/** What the VPC tells of a subnet: its ID, AZ and, where the VPC gives it, its CIDR. */
export function clusterSubnetOf(subnet: ec2.ISubnet): ClusterSubnet {
  const az = subnet.availabilityZone;
  const cidr = subnetCidr(subnet);
  return {
    subnetId: subnet.subnetId,
    availabilityZone: az === undefined || Token.isUnresolved(az) ? undefined : az,
    ipv4CidrBlock: cidr === undefined || Token.isUnresolved(cidr) ? undefined : cidr,
  };
}

/**
 * A subnet's CIDR. aws-cdk-lib's imported subnet throws from `ipv4CidrBlock` when the import did not supply it (its
 * documented behaviour, the only error this reads around); that is an unknown CIDR, not a failure.
 */
function subnetCidr(subnet: ec2.ISubnet): string | undefined {
  try {
    return subnet.ipv4CidrBlock;
  } catch (err) {
    if (err instanceof Error && /CIDR/i.test(err.message)) return undefined;
    throw err;
  }
}

/**
 * The VPC of a cluster, when the app knows it: aws-eks-v2's imported cluster throws from `vpc` when it was imported
 * without one (the one error read around here).
 */
export function clusterVpcOf(cluster: eks.ICluster): ec2.IVpc | undefined {
  try {
    return cluster.vpc;
  } catch (err) {
    if (err instanceof Error && /vpc/i.test(err.message)) return undefined;
    throw err;
  }
}

/** The VPC of a cluster, for a construct that cannot do without it: an imported cluster without one is an error. */
export function requireClusterVpc(cluster: eks.ICluster, needs: string, scope: IConstruct): ec2.IVpc {
  const vpc = clusterVpcOf(cluster);
  if (!vpc) {
    throw new NetkitValidationError(
      `cluster ${cluster.node.path} was imported without a vpc, and ${needs}; give Cluster.fromClusterAttributes the ` +
        'cluster VPC (ec2.Vpc.fromLookup or ec2.Vpc.fromVpcAttributes)',
      scope,
    );
  }
  return vpc;
}

/** The subnets a selection picks in a VPC; a selection the VPC cannot serve selects nothing the app can see. */
export function selectedSubnets(vpc: ec2.IVpc | undefined, selection: ec2.SubnetSelection | undefined): ec2.ISubnet[] {
  if (!vpc) return [];
  try {
    return vpc.selectSubnets(selection ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnets;
  } catch (err) {
    // aws-cdk-lib throws a plain Error when a VPC has no subnet of the selected type: nothing to read.
    if (err instanceof Error && /subnet/i.test(err.message)) return [];
    throw err;
  }
}
