export { ClusterJob, ClusterJobProps } from './cluster-job';
export { CoreDns, CoreDnsAutoScaling, CoreDnsProps } from './core-dns';
export { DaemonSetReadinessGate, DaemonSetReadinessGateProps } from './daemon-set-readiness-gate';
export { KubeProxy, KubeProxyMode, KubeProxyProps } from './kube-proxy';
export { ManagedAddonOptions } from './managed-addon';
export { NodeLocalDnsCache, NodeLocalDnsCacheProps } from './node-local-dns-cache';
export { PodSecurityGroupEnforcingMode, VpcCni, VpcCniProps } from './vpc-cni';
