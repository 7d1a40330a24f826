export {
  KarpenterNodeClass,
  KarpenterNodeClassOptions,
  KarpenterNodeClassProps,
  KarpenterNodePoolOptions,
} from './karpenter-node-class';
