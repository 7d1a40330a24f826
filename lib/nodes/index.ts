export { TunedNodegroup, TunedNodegroupOptions, TunedNodegroupProps } from './tuned-nodegroup';
