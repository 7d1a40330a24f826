import { MapKeys, findMapProblem } from '../private/prop-rules';
import { NetkitValidationError } from '../private/validation-error';

/**
 * EC2's request token buckets for the APIs a node's pod networking calls.
 *
 * Source: AWS, "Request throttling for the Amazon EC2 API", section "Request token bucket sizes and refill rates"
 * (https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html), read 2026-12-04. EC2 throttles each API
 * on its own bucket ("Limits are applied to individual API actions, not API action categories"): an API the page
 * lists by name has that row's bucket; any other has a bucket of its category's size. These are an account's
 * defaults in a Region; an account can see its own limits and ask for higher ones ({@link parseEc2ApiLimits}), and every
 * caller in the account and Region (other clusters, CI, the console) draws from the same buckets.
 */

/** One API's token bucket: a request takes one token; the bucket refills at a fixed rate up to its size. */
export interface Ec2ApiBucket {
  /** The API. */
  readonly api: string;
  /** Where the size comes from: the API's own row of the table, its category, or the account's limits file. */
  readonly category: string;
  /** Tokens a full bucket holds: the burst served without waiting ("Bucket maximum capacity"). */
  readonly size: number;
  /** Tokens added per second ("Bucket refill rate"). */
  readonly refillPerSecond: number;
}

/** The bucket of every API the EC2 call model counts, by AWS's defaults. */
export const EC2_API_BUCKETS: readonly Ec2ApiBucket[] = [
  { api: 'AssignPrivateIpAddresses', category: 'listed on its own', size: 100, refillPerSecond: 5 },
  { api: 'CreateNetworkInterface', category: 'listed on its own', size: 100, refillPerSecond: 5 },
  { api: 'ModifyNetworkInterfaceAttribute', category: 'listed on its own', size: 100, refillPerSecond: 5 },
  { api: 'CreateTags', category: 'listed on its own', size: 100, refillPerSecond: 10 },
  // Not listed on its own: the size of every mutating action that is not (its bucket is still its own).
  { api: 'AttachNetworkInterface', category: 'mutating actions', size: 50, refillPerSecond: 5 },
  // Not listed on its own either; ipamd's IPv6 call (this library's reading of the table's omission).
  { api: 'AssignIpv6Addresses', category: 'mutating actions', size: 50, refillPerSecond: 5 },
  // ipamd passes IDs but no Filter and no pagination: the smaller bucket (assumption ec2-describe-by-id-unfiltered).
  {
    api: 'DescribeInstances',
    category: 'unfiltered and unpaginated non-mutating actions',
    size: 50,
    refillPerSecond: 10,
  },
  {
    api: 'DescribeNetworkInterfaces',
    category: 'unfiltered and unpaginated non-mutating actions',
    size: 50,
    refillPerSecond: 10,
  },
];

/** An account's own limit for one API, named as the EC2 throttling table's columns. */
export interface Ec2ApiLimit {
  /** Bucket maximum capacity: the tokens a full bucket holds. */
  readonly bucketMaximumCapacity: number;
  /** Bucket refill rate: tokens added per second. */
  readonly bucketRefillRate: number;
}

/** The keys of an account's limits: the APIs the call model counts. */
export const EC2_API_NAMES: MapKeys = {
  name: 'EC2 API name',
  unknown: 'is not an API the EC2 call model counts',
  known: () => EC2_API_BUCKETS.map((b) => b.api),
};

/**
 * The buckets with an account's own limits in place of the defaults. The limits are checked by the rules of
 * `ec2ApiLimits`, whether they come from the guardrails' options, the planner or a limits file.
 * @param where the flag or prop the limits came from, for messages
 */
export function ec2ApiBuckets(limits: Record<string, Ec2ApiLimit> = {}, where = 'ec2ApiLimits'): Ec2ApiBucket[] {
  const problem = findMapProblem('Ec2ApiLimit', EC2_API_NAMES, limits, where);
  if (problem) throw new NetkitValidationError(problem);
  return EC2_API_BUCKETS.map((bucket) => {
    const own = limits[bucket.api];
    return own
      ? {
          api: bucket.api,
          category: 'account limit',
          size: own.bucketMaximumCapacity,
          refillPerSecond: own.bucketRefillRate,
        }
      : bucket;
  });
}

/**
 * An account's limits from the JSON text of a limits file: an object keyed by API, each
 * `{ "bucketMaximumCapacity": n, "bucketRefillRate": r }`.
 */
export function parseEc2ApiLimits(text: string, where: string): Record<string, Ec2ApiLimit> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new NetkitValidationError(
      `${where} is not JSON (${(err as Error).message}); give an object such as { "AssignPrivateIpAddresses": { "bucketMaximumCapacity": 200, "bucketRefillRate": 10 } }`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new NetkitValidationError(
      `${where} must be a JSON object keyed by EC2 API name, e.g. { "AssignPrivateIpAddresses": { "bucketMaximumCapacity": 200, "bucketRefillRate": 10 } }`,
    );
  }
  const limits = parsed as Record<string, Ec2ApiLimit>;
  ec2ApiBuckets(limits, where); // validates
  return limits;
}
