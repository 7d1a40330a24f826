/**
 * The capacity types a Karpenter NodePool may launch (`karpenter.sh/capacity-type`).
 * @see https://karpenter.sh/docs/concepts/nodepools/
 */
export enum KarpenterCapacityType {
  /** On-Demand Instances. */
  ON_DEMAND = 'on-demand',
  /** Spot Instances. */
  SPOT = 'spot',
}
