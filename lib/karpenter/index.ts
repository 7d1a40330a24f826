export { KarpenterNodeClass, KarpenterNodeClassProps, KarpenterNodePoolOptions } from './karpenter-node-class';
