export * from './capacity';
export * from './nodes';
