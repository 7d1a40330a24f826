/** How kube-proxy programs Services. */
export enum KubeProxyMode {
  /** iptables rules: the EKS default. */
  IPTABLES = 'iptables',
  /** IPVS, for clusters with many Services; nodes need the ipvs kernel modules (the EKS AMIs have them). */
  IPVS = 'ipvs',
}
