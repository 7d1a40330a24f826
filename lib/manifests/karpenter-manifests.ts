import { KubeletSettings } from '../bootstrap/kubelet-settings';
import { NodeVolume } from '../node-spec/node-bootstrap';

/** Everything the EC2NodeClass manifest is rendered from. */
export interface Ec2NodeClassSpecInput {
  readonly name: string;
  readonly amiFamilyAlias: string;
  readonly roleName: string;
  readonly subnetSelectorTags: Record<string, string>;
  readonly securityGroupSelectorTags: Record<string, string>;
  readonly httpPutResponseHopLimit: number;
  readonly volumes: readonly NodeVolume[];
  /** `spec.kubelet` as {@link ec2NodeClassKubelet} renders it; left out when empty. */
  readonly kubelet: Record<string, unknown>;
  /** Left out when undefined. */
  readonly userData?: string;
  /** `spec.connectionTracking` timeouts in seconds; left out when undefined. */
  readonly connectionTracking?: Record<string, number>;
  readonly tags: Record<string, string>;
}

/** What goes into an EC2NodeClass's `spec.kubelet`. */
export interface Ec2NodeClassKubeletInput {
  readonly settings: KubeletSettings;
  /**
   * Put the image-pull settings in `spec.kubelet` too (Karpenter 1.15 or later on AL2023 takes any kubelet field).
   */
  readonly imagePulls: boolean;
  /** `maxPods` as a CEL expression (Karpenter's `NodeClassCEL`), instead of `settings.maxPods` and its kubeReserved. */
  readonly maxPodsExpression?: string;
}

/**
 * An EC2NodeClass's `spec.kubelet`: max pods (a number with its kubeReserved memory, or a CEL expression, whose
 * kubeReserved Karpenter computes per instance type), the cluster DNS, and, where Karpenter takes them, the image
 * pulls. Field names as the kubelet spells them.
 */
export function ec2NodeClassKubelet(input: Ec2NodeClassKubeletInput): Record<string, unknown> {
  const { settings } = input;
  return {
    ...(input.maxPodsExpression !== undefined
      ? { maxPods: input.maxPodsExpression }
      : {
          ...(settings.maxPods !== undefined ? { maxPods: settings.maxPods } : {}),
          ...(settings.kubeReservedMemoryMiB !== undefined
            ? { kubeReserved: { memory: `${settings.kubeReservedMemoryMiB}Mi` } }
            : {}),
        }),
    ...(settings.clusterDns ? { clusterDNS: settings.clusterDns } : {}),
    ...(input.imagePulls
      ? {
          registryPullQPS: settings.registryPullQps,
          registryBurst: settings.registryBurst,
          serializeImagePulls: false,
          maxParallelImagePulls: settings.maxParallelImagePulls,
        }
      : {}),
  };
}

/** The API version and kind of an EC2NodeClass. */
export const EC2_NODE_CLASS_HEAD = { apiVersion: 'karpenter.k8s.aws/v1', kind: 'EC2NodeClass' } as const;

/** Render a `karpenter.k8s.aws/v1` EC2NodeClass. */
export function renderEc2NodeClass(input: Ec2NodeClassSpecInput): Record<string, unknown> {
  const kubelet = input.kubelet;
  return {
    ...EC2_NODE_CLASS_HEAD,
    metadata: { name: input.name },
    spec: {
      role: input.roleName,
      amiSelectorTerms: [{ alias: input.amiFamilyAlias }],
      subnetSelectorTerms: [{ tags: input.subnetSelectorTags }],
      securityGroupSelectorTerms: [{ tags: input.securityGroupSelectorTags }],
      metadataOptions: {
        httpEndpoint: 'enabled',
        httpProtocolIPv6: 'disabled',
        httpPutResponseHopLimit: input.httpPutResponseHopLimit,
        httpTokens: 'required',
      },
      blockDeviceMappings: input.volumes.map((v) => ({
        deviceName: v.deviceName,
        ebs: {
          volumeSize: `${v.sizeGiB}Gi`,
          volumeType: 'gp3',
          ...(v.iops !== undefined ? { iops: v.iops } : {}),
          ...(v.throughputMiBps !== undefined ? { throughput: v.throughputMiBps } : {}),
          encrypted: true,
          deleteOnTermination: true,
        },
      })),
      ...(Object.keys(kubelet).length > 0 ? { kubelet } : {}),
      ...(input.connectionTracking ? { connectionTracking: input.connectionTracking } : {}),
      ...(input.userData !== undefined ? { userData: input.userData } : {}),
      tags: input.tags,
    },
  };
}

/** Everything the NodePool manifest is rendered from. */
export interface NodePoolSpecInput {
  readonly name: string;
  readonly nodeClassName: string;
  /** `amd64` and/or `arm64`. */
  readonly architectures: readonly string[];
  readonly capacityTypes: readonly string[];
  readonly instanceTypes?: readonly string[];
  readonly cpuLimit: number;
}

/** Render a `karpenter.sh/v1` NodePool that uses the node class. */
export function renderNodePool(input: NodePoolSpecInput): Record<string, unknown> {
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name: input.name },
    spec: {
      template: {
        spec: {
          nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: input.nodeClassName },
          requirements: [
            { key: 'kubernetes.io/arch', operator: 'In', values: [...input.architectures] },
            { key: 'karpenter.sh/capacity-type', operator: 'In', values: [...input.capacityTypes] },
            ...(input.instanceTypes
              ? [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: [...input.instanceTypes] }]
              : []),
          ],
          expireAfter: '720h',
        },
      },
      limits: { cpu: String(input.cpuLimit) },
      disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '1m' },
    },
  };
}
