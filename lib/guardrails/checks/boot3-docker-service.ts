import { userDataPattern } from './user-data-pattern';

/** containerd is the runtime; starting or installing docker fights it. */
export const dockerService = userDataPattern(
  'NETKIT-BOOT3',
  'user data that installs or manages docker, though containerd is the runtime',
  'remove the docker commands; configure containerd through nodeadm instead',
  /(systemctl\s+(start|enable|restart|stop)\s+docker[^\n]*|service\s+docker\s+\w+|(yum|dnf|amazon-linux-extras)\s+install[^\n]*\bdocker\b[^\n]*|\bdockerd\b[^\n]*)/,
  'EKS nodes run containerd; a docker service competes for the same cgroups, sockets and iptables rules',
);
