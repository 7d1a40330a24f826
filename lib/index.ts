export * from './capacity';
export * from './nodes';
export * from './karpenter';
export * from './addons';
export * from './observability';
export * from './rules';
export * from './guardrails';
export * from './patterns';
