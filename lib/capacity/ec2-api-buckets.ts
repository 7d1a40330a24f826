import { findPropProblem } from '../private/prop-rules';
import { NetkitValidationError } from '../private/validation-error';
import { checkNumber, describeValue, isToken, problemMessage } from '../private/validators';

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

/**
 * The buckets with an account's own limits in place of the defaults. Every API named must be one the model counts,
 * and every value positive, or the error names the API, the value and the fix.
 * @param where the flag or prop the limits came from, for messages
 */
export function ec2ApiBuckets(limits: Record<string, Ec2ApiLimit> = {}, where = 'ec2ApiLimits'): Ec2ApiBucket[] {
  const known = EC2_API_BUCKETS.map((b) => b.api);
  // null, a string or a list would otherwise be read key by key ("'0' is not an API"), or throw a TypeError.
  limits = limits === undefined ? {} : limits;
  if (limits === null || typeof limits !== 'object' || Array.isArray(limits) || isToken(limits)) {
    throw new NetkitValidationError(
      `${where} (${describeValue(limits)}) is not a map of EC2 API name to Ec2ApiLimit; pass e.g. { CreateNetworkInterface: { bucketMaximumCapacity: 100, bucketRefillRate: 5 } }, or leave it out for the defaults`,
    );
  }
  for (const [api, limit] of Object.entries(limits)) {
    if (!known.includes(api)) {
      throw new NetkitValidationError(
        `${where}: '${api}' is not an API the EC2 call model counts (${known.join(', ')}); drop it or check the spelling`,
      );
    }
    // Unknown keys (a misspelt `burst`) and a limit that is not an object are answered by the shared struct check.
    if (typeof limit === 'object' && limit !== null && !Array.isArray(limit)) {
      const shape = findPropProblem('Ec2ApiLimit', limit, `${api}.`);
      if (shape) throw new NetkitValidationError(`${where}: ${shape}`);
    }
    for (const key of ['bucketMaximumCapacity', 'bucketRefillRate'] as const) {
      const value = (limit as unknown as Record<string, unknown> | null)?.[key];
      if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
        throw new NetkitValidationError(
          `${where}: ${api}.${key} (${describeValue(value)}) must be a number above 0, as in the EC2 throttling table, e.g. { "bucketMaximumCapacity": 100, "bucketRefillRate": 5 }`,
        );
      }
      // A bucket holds whole tokens; neither figure is above what a 32-bit field holds.
      const bound = checkNumber(`${api}.${key}`, value, {
        min: key === 'bucketMaximumCapacity' ? 1 : undefined,
        integer: key === 'bucketMaximumCapacity',
        fix: 'as in the EC2 throttling table, e.g. { "bucketMaximumCapacity": 100, "bucketRefillRate": 5 }',
      });
      if (bound) throw new NetkitValidationError(`${where}: ${problemMessage(bound)}`);
    }
  }
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
