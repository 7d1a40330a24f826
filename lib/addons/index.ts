export { ClusterJob, ClusterJobProps } from './cluster-job';
export { CoreDns, CoreDnsAutoScaling, CoreDnsOptions, CoreDnsProps } from './core-dns';
export { DaemonSetReadinessGate, DaemonSetReadinessGateProps } from './daemon-set-readiness-gate';
export { KubeProxy, KubeProxyOptions, KubeProxyProps } from './kube-proxy';
export { AddonResolveConflicts, ManagedAddonOptions } from './managed-addon';
export { NodeLocalDnsCache, NodeLocalDnsCacheOptions, NodeLocalDnsCacheProps } from './node-local-dns-cache';
export { VpcCni, VpcCniOptions, VpcCniProps } from './vpc-cni';
