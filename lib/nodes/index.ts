export { TunedNodegroup, TunedNodegroupOptions, TunedNodegroupProps } from './tuned-nodegroup';
export { WarmPoolOptions, WarmPoolState } from './warm-pool';
