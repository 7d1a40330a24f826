import { KubeletSettings } from '../bootstrap/kubelet-settings';
import { knownInstanceTypes } from '../capacity/instance-type-limits';
import { MIN_MAX_PODS, MIN_MAX_PODS_WHY, calculateMaxPods, kubeReservedMemoryMiB } from '../capacity/max-pods';
import { PodNetworking } from '../capacity/pod-networking';
import { NetkitValidationError, isUnresolved, requireInteger } from '../private/validation-error';

/**
 * kubelet settings a node group or Karpenter node class applies. Every field has a default tuned for dense nodes.
 */
export interface KubeletTuningOptions {
  /**
   * kubelet `maxPods`. It must not exceed the ENI capacity of any of the node group's instance types; setting it
   * also sets `kubeReserved.memory` to 11 × maxPods + 255 MiB.
   * @default - the EKS max-pods calculator's value for the pod-networking mode, the lowest across the instance types
   */
  readonly maxPods?: number;

  /**
   * kubelet `registryPullQPS`: image pulls per second. The kubelet default of 5 makes bursts of pods on a fresh node
   * fail with `ErrImagePull: pull QPS exceeded`.
   * @default 50
   */
  readonly registryPullQps?: number;

  /**
   * kubelet `registryBurst`: the pull burst above `registryPullQps`.
   * @default 100
   */
  readonly registryBurst?: number;

  /**
   * kubelet `maxParallelImagePulls`, with `serializeImagePulls: false`: a bound on concurrent pulls so a boot-time
   * burst does not saturate the data volume.
   * @default 10
   */
  readonly maxParallelImagePulls?: number;
}

/** Defaults, documented on {@link KubeletTuningOptions}. */
export const KUBELET_DEFAULTS = { registryPullQps: 50, registryBurst: 100, maxParallelImagePulls: 10 } as const;

/** The image-pull part of the kubelet settings, checked. */
export function resolveImagePulls(
  options: KubeletTuningOptions = {},
): Omit<KubeletSettings, 'maxPods' | 'kubeReservedMemoryMiB'> {
  requireInteger('kubelet.registryPullQps', options.registryPullQps, 0, undefined, '0 means unlimited');
  requireInteger('kubelet.registryBurst', options.registryBurst, 1);
  requireInteger('kubelet.maxParallelImagePulls', options.maxParallelImagePulls, 1);
  const registryPullQps = options.registryPullQps ?? KUBELET_DEFAULTS.registryPullQps;
  const registryBurst = options.registryBurst ?? KUBELET_DEFAULTS.registryBurst;
  if (
    !isUnresolved(registryPullQps) &&
    !isUnresolved(registryBurst) &&
    registryPullQps > 0 &&
    registryBurst < registryPullQps
  ) {
    throw new NetkitValidationError(
      `kubelet.registryBurst (${registryBurst}) is below registryPullQps (${registryPullQps}); raise registryBurst to at least ${registryPullQps}`,
    );
  }
  return {
    registryPullQps,
    registryBurst,
    maxParallelImagePulls: options.maxParallelImagePulls ?? KUBELET_DEFAULTS.maxParallelImagePulls,
  };
}

/**
 * maxPods for a set of instance types, with the kubeReserved memory that goes with it: the lowest recommended value
 * across them, or the user's, which must not exceed any type's ENI capacity (the error names the type and limit).
 */
export function resolveMaxPods(
  instanceTypes: readonly string[],
  podNetworking: PodNetworking,
  userMaxPods?: number,
): Pick<KubeletSettings, 'maxPods' | 'kubeReservedMemoryMiB'> {
  if (instanceTypes.length === 0) {
    throw new NetkitValidationError('instanceTypes is empty; give at least one instance type');
  }
  requireInteger('kubelet.maxPods', userMaxPods, 1);
  const checked = isUnresolved(userMaxPods) ? undefined : userMaxPods;
  const results = instanceTypes.map((t) => calculateMaxPods(t, { podNetworking, maxPods: checked }));
  const maxPods = userMaxPods ?? Math.min(...results.map((r) => r.recommended));
  // A token maxPods leaves kubeReserved to the AMI: it cannot be computed before deploy.
  return { maxPods, kubeReservedMemoryMiB: isUnresolved(maxPods) ? undefined : kubeReservedMemoryMiB(maxPods) };
}

/**
 * A user's maxPods for nodes of any instance type (a Karpenter class without instanceTypes), with its kubeReserved
 * memory: the same rules as {@link resolveMaxPods}, bounded by the largest ENI capacity of any known type for the mode,
 * since no node could run more. A token is left to the tool (no kubeReserved is computed from its encoding).
 */
export function resolveMaxPodsForAnyType(
  podNetworking: PodNetworking,
  userMaxPods: number,
): Pick<KubeletSettings, 'maxPods' | 'kubeReservedMemoryMiB'> {
  requireInteger('maxPods', userMaxPods, MIN_MAX_PODS, undefined, MIN_MAX_PODS_WHY);
  if (isUnresolved(userMaxPods)) return { maxPods: userMaxPods, kubeReservedMemoryMiB: undefined };
  const largest = largestEniCapacity(podNetworking);
  if (largest && userMaxPods > largest.eniLimit) {
    throw new NetkitValidationError(
      `maxPods (${userMaxPods}) exceeds the ENI capacity of every known instance type with ${podNetworking.describe()} ` +
        `(the largest is ${largest.eniLimit}, on ${largest.instanceType}); lower maxPods, or list instanceTypes to ` +
        'have it checked per type',
    );
  }
  return { maxPods: userMaxPods, kubeReservedMemoryMiB: kubeReservedMemoryMiB(userMaxPods) };
}

/** The known instance type with the most pod addresses in a mode; types the mode leaves no ENI are skipped. */
function largestEniCapacity(podNetworking: PodNetworking): { instanceType: string; eniLimit: number } | undefined {
  let best: { instanceType: string; eniLimit: number } | undefined;
  for (const instanceType of knownInstanceTypes()) {
    try {
      const { eniLimit } = calculateMaxPods(instanceType, { podNetworking });
      if (!best || eniLimit > best.eniLimit) best = { instanceType, eniLimit };
    } catch (err) {
      if (!(err instanceof NetkitValidationError)) throw err;
    }
  }
  return best;
}

/** The kubelet settings of a node group: its max pods and image-pull tuning. */
export function resolveKubeletSettings(
  instanceTypes: readonly string[],
  podNetworking: PodNetworking,
  options: KubeletTuningOptions = {},
): KubeletSettings {
  return { ...resolveMaxPods(instanceTypes, podNetworking, options.maxPods), ...resolveImagePulls(options) };
}
