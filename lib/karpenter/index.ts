export {
  KarpenterNodeClass,
  KarpenterNodeClassOptions,
  KarpenterNodeClassProps,
  KarpenterNodePoolOptions,
} from './karpenter-node-class';
export { KarpenterCapacityType } from './karpenter-capacity-type';
export { KarpenterController, KarpenterControllerProps } from './karpenter-controller';
export { KarpenterConnectionTracking } from './karpenter-connection-tracking';
