export { Ipv4PrefixSize } from './auto-mode-networking';
export { InstanceTypeLimits, InstanceTypes } from './instance-type-limits';
export { MaxPods, MaxPodsOptions, MaxPodsResult } from './max-pods';
export {
  AutoModePodNetworkingOptions,
  Ipv6PodNetworkingOptions,
  PodNetworking,
  PodNetworkingOptions,
} from './pod-networking';
