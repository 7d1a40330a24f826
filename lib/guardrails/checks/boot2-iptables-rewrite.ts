import { userDataPattern } from './user-data-pattern';

/** kube-proxy and the VPC CNI program iptables at boot; flushing or restoring rules races them. */
export const iptablesRewrite = userDataPattern(
  'NETKIT-BOOT2',
  'user data that flushes or rewrites iptables',
  'remove the iptables commands; kube-proxy and the VPC CNI own the rules',
  /(iptables(-legacy|-nft)?\s+(-t\s+\w+\s+)?(-F|--flush|-X|--delete-chain|-P\s)[^\n]*|iptables(-legacy|-nft)?-restore[^\n]*)/,
  'it deletes rules kube-proxy and aws-node program while the node boots: pods lose Service routing and IP assignment',
);
