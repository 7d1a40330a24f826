export * from './capacity';
export * from './nodes';
export * from './karpenter';
