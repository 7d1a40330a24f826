import { Ec2ApiBucket, Ec2ApiLimit, ec2ApiBuckets } from './ec2-api-buckets';
import { EC2_APIS, Ec2Api, Ec2ApiCalls } from './ec2-api-calls';
import { PodNetworking } from './pod-networking';
import type { VpcCniWarmPool } from '../cni/vpc-cni-codec';
import { NetkitValidationError } from '../private/validation-error';

/** What EC2's token buckets make of a burst of calls. */
export interface Ec2ApiBudget {
  /** Calls per API. */
  readonly calls: Ec2ApiCalls;
  /**
   * The least whole seconds the buckets need to serve the calls, per API (the time of the bucket it draws from) and
   * overall (the buckets drain in parallel, so the slowest one).
   */
  readonly minimumSeconds: { readonly perApi: Record<Ec2Api, number>; readonly overall: number };
  /**
   * The API whose bucket binds: the longest wait, or when nothing waits, the bucket closest to empty (calls ÷ size).
   */
  readonly bindingApi: Ec2Api;
  /** The share of each bucket other callers in the account and Region take, in percent. */
  readonly otherTrafficPercent: number;
  /** The bucket of each API the budget used: AWS's defaults, or the account's own limits where given. */
  readonly buckets: readonly Ec2ApiBucket[];
}

/** The bucket an API draws from, among `buckets`. */
export function bucketOf(api: string, buckets: readonly Ec2ApiBucket[] = ec2ApiBuckets()): Ec2ApiBucket {
  const bucket = buckets.find((b) => b.api === api);
  if (!bucket) throw new NetkitValidationError(`no EC2 token bucket is recorded for ${api}`);
  return bucket;
}

/**
 * The minimum time EC2's request token buckets need to serve a burst: a bucket starts full (its size is served at
 * once), then refills a fixed number of tokens each second, so n calls on a bucket of size b refilling r per second
 * take ⌈(n − b) ÷ r⌉ seconds when n > b. Every caller in the account and Region shares the buckets; other traffic
 * that takes a share s of them leaves b × (1 − s) and r × (1 − s). Retries after a throttled call only add to this.
 * @param limits the account's own limits per API, in place of AWS's defaults
 * @see https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html
 */
export function ec2ApiBudget(
  calls: Ec2ApiCalls,
  otherTrafficPercent = 0,
  limits: Record<string, Ec2ApiLimit> = {},
): Ec2ApiBudget {
  if (!Number.isFinite(otherTrafficPercent) || otherTrafficPercent < 0 || otherTrafficPercent >= 100) {
    throw new NetkitValidationError(
      `otherTrafficPercent (${otherTrafficPercent}) must be from 0 to below 100: the share of EC2's buckets other callers take`,
    );
  }
  const share = 1 - otherTrafficPercent / 100;
  const buckets = ec2ApiBuckets(limits);
  const pressure = (bucket: Ec2ApiBucket) =>
    ((calls[bucket.api as Ec2Api] ?? 0) - bucket.size * share) / (bucket.refillPerSecond * share);
  // A tiny tolerance keeps exact quotients (e.g. 320 ÷ 5) from rounding up through floating-point noise.
  const seconds = (api: Ec2Api) => Math.max(0, Math.ceil(pressure(bucketOf(api, buckets)) - 1e-9));
  const perApi = Object.fromEntries(EC2_APIS.map((api) => [api, seconds(api)])) as Record<Ec2Api, number>;
  // Throttled buckets rank by their wait; when none is throttled, the fullest bucket is the one a larger burst hits first.
  const rank = (api: Ec2Api) => {
    const bucket = bucketOf(api, buckets);
    const wait = pressure(bucket);
    return wait > 0 ? 1 + wait : (wait * bucket.refillPerSecond) / bucket.size + 1; // = calls ÷ the share of the bucket
  };
  // An API that makes no calls binds nothing, even when it shares a bucket with one that does.
  const calling = EC2_APIS.filter((api) => (calls[api] ?? 0) > 0);
  const bindingApi = (calling.length > 0 ? calling : EC2_APIS).reduce((worst, api) =>
    rank(api) > rank(worst) ? api : worst,
  );
  return {
    calls,
    minimumSeconds: { perApi, overall: Math.max(...Object.values(perApi)) },
    bindingApi,
    otherTrafficPercent,
    buckets,
  };
}

/**
 * The most new nodes that start at once without waiting on any bucket: each bucket's share holds their calls.
 * Undefined when a node makes no calls.
 */
export function largestUnthrottledStep(
  perNode: Ec2ApiCalls,
  otherTrafficPercent = 0,
  limits: Record<string, Ec2ApiLimit> = {},
): number | undefined {
  const share = 1 - otherTrafficPercent / 100;
  const steps = ec2ApiBuckets(limits).map((bucket) => {
    const demand = perNode[bucket.api as Ec2Api] ?? 0;
    return demand > 0 ? Math.floor((bucket.size * share) / demand) : Infinity;
  });
  const step = Math.min(...steps);
  return Number.isFinite(step) ? step : undefined;
}

/** What lowers the binding API's calls under this mode and these warm settings, on one line. */
export function ec2ApiBudgetFix(
  budget: Ec2ApiBudget,
  mode: PodNetworking,
  warm: VpcCniWarmPool,
  step: number | undefined,
): string {
  const ipTargets = (warm.warmIpTarget ?? 0) > 0 || (warm.minimumIpTarget ?? 0) > 0;
  const fixes: string[] = [];
  if (mode.ipv6Enabled || budget.bindingApi === 'DescribeNetworkInterfaces' || budget.bindingApi === 'CreateTags') {
    // One /80 per IPv6 node in one call, and one start-up call per node whatever the warm settings: no VPC CNI
    // setting lowers them, only smaller steps or higher limits help.
  } else if (budget.bindingApi === 'AssignPrivateIpAddresses' && (warm.minimumIpTarget ?? 0) > 0) {
    // MINIMUM_IP_TARGET already hands each node its addresses in as few calls as the ENIs allow.
  } else if (budget.bindingApi === 'AssignPrivateIpAddresses') {
    fixes.push(
      mode.prefixDelegationEnabled && !ipTargets
        ? 'set MINIMUM_IP_TARGET to the pods per node (with WARM_IP_TARGET, e.g. 1, which it needs), so that each node takes its /28 prefixes in one call instead of one call per prefix'
        : 'set MINIMUM_IP_TARGET to the pods per node (with WARM_IP_TARGET, which it needs), so that each node takes its addresses in fewer, larger calls',
    );
  } else {
    fixes.push(
      mode.prefixDelegationEnabled
        ? 'set MINIMUM_IP_TARGET to the pods per node (with WARM_IP_TARGET, e.g. 1, which it needs), so that nodes create no spare ENIs'
        : 'enable prefix delegation with MINIMUM_IP_TARGET set to the pods per node (and WARM_IP_TARGET, e.g. 1), so that nodes take /28 prefixes on the primary ENI instead of creating and attaching ENIs',
    );
  }
  if (step !== undefined && step > 0) fixes.push(`scale in steps of at most ${step} nodes`);
  fixes.push("or ask AWS to raise the account's EC2 API rate limits");
  return fixes.join('; ');
}
