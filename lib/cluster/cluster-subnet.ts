import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { IConstruct } from 'constructs';
import { NetkitValidationError } from '../private/validation-error';
import { availabilityZoneRegion } from '../private/validators';

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
  const az = subnetZone(subnet);
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
  return unlessNotSupplied(() => subnet.ipv4CidrBlock, /CIDR/i);
}

/** A subnet's AZ; `Subnet.fromSubnetId` throws from `availabilityZone` in the same way, for an unknown AZ. */
function subnetZone(subnet: ec2.ISubnet): string | undefined {
  return unlessNotSupplied(() => subnet.availabilityZone, /availability zone/i);
}

function unlessNotSupplied(read: () => string, what: RegExp): string | undefined {
  try {
    return read();
  } catch (err) {
    if (err instanceof Error && what.test(err.message)) return undefined;
    throw err;
  }
}

/**
 * Subnets the library is given for the cluster's nodes, pods or scraper: at least one; each in the cluster's VPC
 * where the app knows both VPCs; each in the stack's Region where its zone is known. Errors name the prop.
 */
export function requireSubnetsOfCluster(
  prop: string,
  subnets: readonly ec2.ISubnet[],
  cluster: eks.ICluster,
  scope: IConstruct,
): void {
  if (subnets.length === 0) {
    throw new NetkitValidationError(
      `${prop} selects no subnet; select subnets of the cluster's VPC, or leave ${prop} out for the default`,
      scope,
    );
  }
  const vpc = clusterVpcOf(cluster);
  const region = Stack.of(scope).region;
  subnets.forEach((subnet, i) => {
    const where = `${prop}[${i}] (${subnet.node.path})`;
    if (vpc && !inVpc(subnet, vpc)) {
      throw new NetkitValidationError(
        `${where} is not in the cluster's VPC ${vpc.node.path}; give subnets of that VPC (a secondary CIDR such as ` +
          '100.64.0.0/16 adds room)',
        scope,
      );
    }
    const zone = subnetZone(subnet);
    const zoneRegion = zone === undefined || Token.isUnresolved(zone) ? undefined : availabilityZoneRegion(zone);
    if (zoneRegion !== undefined && !Token.isUnresolved(region) && zoneRegion !== region) {
      throw new NetkitValidationError(
        `${where} is in ${zone}, a zone of ${zoneRegion}, but the stack deploys to ${region}; give subnets of ${region}`,
        scope,
      );
    }
  });
}

/**
 * Whether a subnet is in the VPC, as far as the app can tell: a subnet created in the app names its VPC; an imported
 * one belongs to the VPC construct it was imported through, if any. Unknown is not a mismatch.
 */
function inVpc(subnet: ec2.ISubnet, vpc: ec2.IVpc): boolean {
  const cfn = subnet.node.defaultChild;
  const parent = subnet.node.scope;
  const owner =
    cfn instanceof ec2.CfnSubnet
      ? cfn.vpcId
      : parent && 'vpcId' in parent && 'selectSubnets' in parent
        ? (parent as ec2.IVpc).vpcId
        : undefined;
  if (owner === undefined || Stack.of(subnet) !== Stack.of(vpc)) return true;
  const stack = Stack.of(vpc);
  return JSON.stringify(stack.resolve(owner)) === JSON.stringify(stack.resolve(vpc.vpcId));
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
