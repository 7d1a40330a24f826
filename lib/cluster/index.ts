export { ClusterCompute, ClusterNetworkingContext, ClusterNetworkingDeclaration } from './cluster-networking-context';
export { KubeProxyMode } from './kube-proxy-mode';
export { PodSecurityGroupEnforcingMode } from './pod-security-group-enforcing-mode';
export { KarpenterFacts } from './karpenter-facts';
