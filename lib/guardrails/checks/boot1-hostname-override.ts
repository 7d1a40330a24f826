import { userDataPattern } from './user-data-pattern';

/** A hard-coded hostname breaks the kubelet's serving certificate (TLS handshake errors, CSRs never approved). */
export const hostnameOverride = userDataPattern(
  'NETKIT-BOOT1',
  'user data that overrides the node hostname',
  'remove the hostname commands; nodeadm names the node from EC2',
  /(hostnamectl\s+set-hostname[^\n]*|^\s*hostname\s+\S+|--hostname-override[^\s]*|>\s*\/etc\/hostname)/m,
  'the kubelet registers and requests its serving certificate under a name EC2 does not know, so TLS to the kubelet fails',
);
