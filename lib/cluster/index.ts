export { AutoModeState } from './auto-mode-state';
export { ClusterAuthenticationMode } from './cluster-authentication-mode';
export { ClusterCompute, ClusterNetworkingContext, ClusterNetworkingDeclaration } from './cluster-networking-context';
export { ClusterSubnet } from './cluster-subnet';
export { NetkitDaemonSet } from './daemon-set-placement';
export { KubeProxyMode } from './kube-proxy-mode';
export { PodSecurityGroupEnforcingMode } from './pod-security-group-enforcing-mode';
export { KarpenterFacts } from './karpenter-facts';
