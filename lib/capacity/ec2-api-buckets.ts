/**
 * EC2's request token buckets for the APIs a scale-up's pod networking calls.
 *
 * Source: AWS, "Request throttling for the Amazon EC2 API", section "Request token bucket sizes and refill rates"
 * (https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html), read 2026-11-23. These are the default
 * buckets of an account in a Region; AWS raises them per account on request, and every caller in the account and
 * Region (other clusters, CI, the console) draws from the same buckets.
 */

/** One token bucket: a request takes one token; the bucket refills at a fixed rate up to its size. */
export interface Ec2ApiBucket {
  /** The bucket as the EC2 documentation names it. */
  readonly name: string;
  /** The APIs of the model that draw from it. */
  readonly apis: readonly string[];
  /** Tokens a full bucket holds: the burst served without waiting. */
  readonly size: number;
  /** Tokens added per second. */
  readonly refillPerSecond: number;
}

/** Every bucket the EC2 call model's APIs draw from. */
export const EC2_API_BUCKETS: readonly Ec2ApiBucket[] = [
  { name: 'AssignPrivateIpAddresses', apis: ['AssignPrivateIpAddresses'], size: 100, refillPerSecond: 5 },
  { name: 'CreateNetworkInterface', apis: ['CreateNetworkInterface'], size: 100, refillPerSecond: 5 },
  { name: 'ModifyNetworkInterfaceAttribute', apis: ['ModifyNetworkInterfaceAttribute'], size: 100, refillPerSecond: 5 },
  // AttachNetworkInterface and AssignIpv6Addresses have no bucket of their own in the table: they share the one of
  // every mutating action not listed (AssignIpv6Addresses is this library's reading of the table's omission).
  {
    name: 'mutating actions (other)',
    apis: ['AttachNetworkInterface', 'AssignIpv6Addresses'],
    size: 50,
    refillPerSecond: 5,
  },
  // DescribeInstances and DescribeNetworkInterfaces with IDs are non-mutating actions; unfiltered, they would have a
  // smaller bucket (50/10).
  {
    name: 'non-mutating actions',
    apis: ['DescribeInstances', 'DescribeNetworkInterfaces'],
    size: 100,
    refillPerSecond: 20,
  },
];
