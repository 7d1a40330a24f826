import { IConstruct, IDependable } from 'constructs';
import { NetkitValidationError } from './validation-error';
import { PodNetworking } from '../capacity/pod-networking';

/** What the library's constructs on one cluster need to know of each other. */
interface ClusterNetworking {
  /** The pod-networking mode the cluster's VPC CNI add-on was configured with. */
  podNetworking?: PodNetworking;
  /** The VPC CNI add-on; node groups join only after it. */
  cniAddon?: IDependable;
  /** The security-groups-for-pods enforcing mode of the VPC CNI add-on. */
  sgpEnforcingMode?: string;
  /** kube-proxy's mode, when the cluster's KubeProxy add-on comes from this library. */
  kubeProxyMode?: string;
  /** kubelet clusterDNS the node groups must use (NodeLocal DNSCache with kube-proxy in ipvs mode). */
  clusterDns?: string[];
  /** Node groups created so far, with the mode each computed its max-pods for and the AZs of its subnets. */
  readonly nodegroups: Array<{
    readonly construct: IConstruct;
    readonly podNetworking: PodNetworking;
    readonly azs: string[];
  }>;
}

const registry = new WeakMap<IConstruct, ClusterNetworking>();

function networkingOf(cluster: IConstruct): ClusterNetworking {
  let networking = registry.get(cluster);
  if (!networking) {
    networking = { nodegroups: [] };
    registry.set(cluster, networking);
  }
  return networking;
}

/** The pod-networking mode the cluster's VPC CNI add-on declared, if any. */
export function clusterPodNetworking(cluster: IConstruct): PodNetworking | undefined {
  return registry.get(cluster)?.podNetworking;
}

/** The Availability Zones the cluster's node groups run in (some may be deploy-time tokens). */
export function clusterNodegroupAzs(cluster: IConstruct): string[] {
  return [...new Set((registry.get(cluster)?.nodegroups ?? []).flatMap((n) => n.azs))];
}

/** A node group joins the cluster: it is ordered after the VPC CNI add-on, now or when the add-on is added. */
export function registerNodegroup(
  cluster: IConstruct,
  nodegroup: IConstruct,
  podNetworking: PodNetworking,
  azs: string[],
): void {
  const networking = networkingOf(cluster);
  networking.nodegroups.push({ construct: nodegroup, podNetworking, azs });
  if (networking.cniAddon) nodegroup.node.addDependency(networking.cniAddon);
}

/**
 * The VPC CNI add-on declares the cluster's pod-networking mode. Node groups created earlier are ordered after it,
 * and one that computed max-pods for another mode is an error, never a silent mismatch.
 */
export function registerCniAddon(
  cluster: IConstruct,
  addon: IConstruct,
  podNetworking: PodNetworking,
  sgpEnforcingMode?: string,
): void {
  const networking = networkingOf(cluster);
  if (networking.cniAddon) {
    throw new NetkitValidationError(
      `cluster ${cluster.node.path} already has a VPC CNI add-on from cdk-eks-netkit; add one only`,
    );
  }
  for (const nodegroup of networking.nodegroups) {
    if (nodegroup.podNetworking.describe() !== podNetworking.describe()) {
      throw new NetkitValidationError(
        `${nodegroup.construct.node.path} computed max-pods for ${nodegroup.podNetworking.describe()}, but the VPC CNI ` +
          `add-on runs ${podNetworking.describe()}; create the add-on before the node group, or pass it the same podNetworking`,
      );
    }
    nodegroup.construct.node.addDependency(addon);
  }
  networking.podNetworking = podNetworking;
  networking.cniAddon = addon;
  networking.sgpEnforcingMode = sgpEnforcingMode;
}

/** The KubeProxy add-on declares the proxy mode. */
export function registerKubeProxyMode(cluster: IConstruct, mode: string): void {
  networkingOf(cluster).kubeProxyMode = mode;
}

/** kube-proxy's mode, if the library's KubeProxy add-on set it. */
export function clusterKubeProxyMode(cluster: IConstruct): string | undefined {
  return registry.get(cluster)?.kubeProxyMode;
}

/** NodeLocal DNSCache declares the address kubelets must use for DNS. */
export function registerClusterDns(cluster: IConstruct, clusterDns: string[]): void {
  networkingOf(cluster).clusterDns = clusterDns;
}

/** The kubelet clusterDNS node groups must render, if anything changed it. */
export function clusterDnsOf(cluster: IConstruct): string[] | undefined {
  return registry.get(cluster)?.clusterDns;
}

/** The security-groups-for-pods enforcing mode the VPC CNI add-on runs. */
export function clusterSgpEnforcingMode(cluster: IConstruct): string | undefined {
  return registry.get(cluster)?.sgpEnforcingMode;
}
