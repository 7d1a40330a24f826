export { Ipv4PrefixSize } from './auto-mode-networking';
export { InstanceTypeLimits, InstanceTypes } from './instance-type-limits';
export { MaxPods, MaxPodsOptions, MaxPodsResult } from './max-pods';
export { AutoModePodNetworkingOptions, PodNetworking, PodNetworkingOptions } from './pod-networking';
export { Ec2ApiLimit } from './ec2-api-buckets';
