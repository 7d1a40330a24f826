import { NodeImage } from '../node-spec/node-image';
import { NetkitValidationError, isUnresolved, requireInteger } from '../private/validation-error';

/**
 * The state warm-pool instances wait in.
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_WarmPoolConfig.html
 */
export enum WarmPoolState {
  /** Stopped: EBS volumes and ENIs are kept, no instance hours are billed (the EKS default). */
  STOPPED = 'STOPPED',
  /** Running: billed as running instances, fastest to join. */
  RUNNING = 'RUNNING',
  /** Hibernated: memory saved to the root volume. Not on Bottlerocket. */
  HIBERNATED = 'HIBERNATED',
}

/**
 * An EC2 Auto Scaling warm pool on a managed node group: pre-initialised instances that join in seconds on scale-out.
 * Warm instances live in the node group's subnets: they hold addresses there too.
 */
export interface WarmPoolOptions {
  /**
   * Instances kept in the warm pool at least.
   * @default 0
   * @see https://docs.aws.amazon.com/eks/latest/userguide/warm-pools-managed-node-groups.html
   */
  readonly minSize?: number;

  /**
   * The most instances across the warm pool and the node group together. The warm pool holds the difference between
   * this and the node group's desired size (at least `minSize`).
   * @default - the node group's maxSize
   */
  readonly maxGroupPreparedCapacity?: number;

  /**
   * The state warm instances wait in.
   * @default WarmPoolState.STOPPED
   */
  readonly poolState?: WarmPoolState;

  /**
   * Return instances to the warm pool on scale-in instead of terminating them. Not on Bottlerocket.
   * @default false
   */
  readonly reuseOnScaleIn?: boolean;
}

/** The `AWS::EKS::Nodegroup` `WarmPoolConfig` (camel case, as the L1 takes it). */
export interface WarmPoolConfig {
  readonly enabled: boolean;
  readonly minSize?: number;
  readonly maxGroupPreparedCapacity?: number;
  readonly poolState?: string;
  readonly reuseOnScaleIn?: boolean;
}

/**
 * Check warm-pool options against the node image and sizes, and render them. EKS refuses warm pools with custom AMIs
 * (this library's node groups never use one) and, on Bottlerocket, `Hibernated` and `reuseOnScaleIn`.
 */
export function resolveWarmPool(options: WarmPoolOptions, image: NodeImage, maxSize: number): WarmPoolConfig {
  requireInteger('warmPool.minSize', options.minSize, 0);
  requireInteger('warmPool.maxGroupPreparedCapacity', options.maxGroupPreparedCapacity, 1);
  const state = options.poolState ?? WarmPoolState.STOPPED;
  if (!Object.values(WarmPoolState).includes(state)) {
    throw new NetkitValidationError(
      `warmPool.poolState '${state}' is not one of ${Object.values(WarmPoolState).join(', ')}; use WarmPoolState`,
    );
  }
  if (image === NodeImage.BOTTLEROCKET) {
    if (state === WarmPoolState.HIBERNATED) {
      throw new NetkitValidationError(
        'warmPool.poolState Hibernated is not available on Bottlerocket; use WarmPoolState.STOPPED or RUNNING, or NodeImage.AL2023',
      );
    }
    if (options.reuseOnScaleIn) {
      throw new NetkitValidationError(
        'warmPool.reuseOnScaleIn is not available on Bottlerocket; leave it unset, or use NodeImage.AL2023',
      );
    }
  }
  if (
    options.maxGroupPreparedCapacity !== undefined &&
    !isUnresolved(options.maxGroupPreparedCapacity) &&
    !isUnresolved(maxSize) &&
    options.maxGroupPreparedCapacity < maxSize
  ) {
    throw new NetkitValidationError(
      `warmPool.maxGroupPreparedCapacity (${options.maxGroupPreparedCapacity}) is below maxSize (${maxSize}): ` +
        'it counts the node group and the warm pool together; raise it to at least maxSize, or leave it unset',
    );
  }
  return {
    enabled: true,
    minSize: options.minSize,
    maxGroupPreparedCapacity: options.maxGroupPreparedCapacity,
    poolState: state,
    reuseOnScaleIn: options.reuseOnScaleIn,
  };
}

/**
 * Warm instances beside a node group at its maximum size: the pool holds maxGroupPreparedCapacity (default maxSize)
 * minus the in-service instances, and never fewer than its minSize.
 */
export function warmInstancesAtMaxSize(maxSize: number, minSize = 0, maxGroupPreparedCapacity?: number): number {
  return Math.max(minSize, (maxGroupPreparedCapacity ?? maxSize) - maxSize);
}
