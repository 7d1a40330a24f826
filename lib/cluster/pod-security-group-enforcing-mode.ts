/** How strictly security groups for pods apply to traffic of branch-ENI pods. */
export enum PodSecurityGroupEnforcingMode {
  /** Only the pod's security groups apply; needs kube-proxy in iptables mode; no NodeLocal DNSCache. */
  STRICT = 'strict',
  /** The node's security groups apply too; required with kube-proxy ipvs mode or NodeLocal DNSCache. */
  STANDARD = 'standard',
}
