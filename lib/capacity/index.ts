export { Ipv4PrefixSize } from './auto-mode-networking';
export { InstanceTypeLimits, InstanceTypes } from './instance-type-limits';
export { MaxPods, MaxPodsOptions, MaxPodsResult } from './max-pods';
export {
  AutoModePodNetworkingOptions,
  Ipv6PodNetworkingOptions,
  PodNetworking,
  PodNetworkingOptions,
} from './pod-networking';
export {
  MaxPodsExpression,
  MaxPodsExpressionDialect,
  MaxPodsExpressionOptions,
  MaxPodsExpressionResult,
} from './max-pods-expression';
export { Ec2ApiLimit } from './ec2-api-buckets';
