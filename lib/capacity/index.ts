export { InstanceTypeLimits, InstanceTypes } from './instance-type-limits';
export { MaxPods, MaxPodsOptions, MaxPodsResult } from './max-pods';
export { PodNetworking, PodNetworkingOptions } from './pod-networking';
