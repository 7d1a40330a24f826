import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct, IConstruct } from 'constructs';
import { editDistance } from './edit-distance';
import { NetkitValidationError } from './validation-error';
import {
  Check,
  checkAddonVersion,
  checkArn,
  checkAvailabilityZoneName,
  checkBoolean,
  checkDnsLabel,
  checkDistinctBy,
  checkDuration,
  checkEc2ResourceId,
  checkEnum,
  checkImage,
  checkUnicastAddress,
  checkNodeLabels,
  checkHost,
  checkKmsKeyReference,
  checkKubernetesName,
  checkLabelKey,
  checkLabelValue,
  checkLabels,
  checkList,
  checkMap,
  checkNotBlank,
  checkNodegroupName,
  checkNumber,
  checkObject,
  checkStringType,
  checkTags,
  isCalendarDate,
  isToken,
  problemMessage,
  shortenText,
  withArticle,
} from './validators';
import { AddonResolveConflicts } from '../addons/managed-addon';
import {
  AutoModeInterfaceType,
  AutoModeKernelLockdown,
  AutoModeNetworkPolicy,
  AutoModeSnatPolicy,
} from '../automode/node-class-options';
import { Ipv4PrefixSize } from '../capacity/auto-mode-networking';
import { EC2_API_NAMES } from '../capacity/ec2-api-buckets';
import { instanceCategoryOf, knownInstanceTypes, unknownInstanceType } from '../capacity/instance-type-limits';
import { MIN_MAX_PODS, MIN_MAX_PODS_WHY } from '../capacity/max-pods';
import { MaxPodsExpressionDialect } from '../capacity/max-pods-expression';
import { PodNetworking } from '../capacity/pod-networking';
import { ClusterAuthenticationMode } from '../cluster/cluster-authentication-mode';
import { KubeProxyMode } from '../cluster/kube-proxy-mode';
import { PodSecurityGroupEnforcingMode } from '../cluster/pod-security-group-enforcing-mode';
import { KarpenterCapacityType } from '../karpenter/karpenter-capacity-type';
import { NodeImage } from '../node-spec/node-image';
import { WarmPoolState } from '../nodes/warm-pool';
import { CNI_SLOW_START_REPORT_SECONDS, COREDNS_LARGEST_BUCKET_SECONDS, EnaMetricNaming } from '../rules/network-rules';

/** One public prop's rule: what the docs table says, where the rule comes from, and the check that enforces it. */
export interface PropRule {
  /** The rule in words, for docs/validation.md. */
  readonly rule: string;
  /** Where the rule comes from: a documented AWS or Kubernetes limit, or the library's own reason. */
  readonly source: string;
  /** The check run when the construct is created; none only with `checkedBy` or `struct`. */
  readonly check?: (prop: string, value: unknown) => Check;
  /** Where a prop without `check` is checked instead (its consumer, at synth), so that no rule goes unenforced. */
  readonly checkedBy?: string;
  /** A nested struct whose props are checked in turn (by its name in {@link propRules}). */
  readonly struct?: string;
  /** The nested struct comes as a list of them. */
  readonly listOf?: boolean;
  /** The nested struct comes as a map of them, keyed by names the library knows. */
  readonly mapOf?: MapKeys;
}

/** The keys a map of structs takes (ec2ApiLimits: the EC2 APIs the call model counts). */
export interface MapKeys {
  /** What a key is, for messages: 'EC2 API name'. */
  readonly name: string;
  /** What an unknown key is not, for messages: 'is not an API the EC2 call model counts'. */
  readonly unknown: string;
  /** The keys the library knows; any other is a misspelling or a name it cannot use. */
  readonly known: () => readonly string[];
}

/** The rules of one struct, and the structs it extends. */
export interface StructRules {
  readonly extends?: readonly string[];
  readonly props: Record<string, PropRule>;
}

const K8S_NAMES = 'Kubernetes object names (kubernetes.io/docs/concepts/overview/working-with-objects/names)';
const K8S_LABELS = 'Kubernetes labels (kubernetes.io/docs/concepts/overview/working-with-objects/labels)';
const EC2_TAGS = 'EC2 tag restrictions (docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Tags.html)';
const TYPE = 'jsii type of the prop (other CDK languages pass any value)';
const OCI = 'OCI distribution reference grammar (github.com/distribution/reference)';
const GP3 = 'EBS gp3 limits (docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html)';
const NODE_CLASS = 'EKS Auto Mode NodeClass (docs.aws.amazon.com/eks/latest/userguide/create-node-class.html)';
const NODE_POOL = 'EKS Auto Mode NodePool (docs.aws.amazon.com/eks/latest/userguide/create-node-pool.html)';
const CNI = 'VPC CNI configuration (github.com/aws/amazon-vpc-cni-k8s#cni-configuration-variables)';
const AMP = 'Amazon Managed Service for Prometheus collector and rules (docs.aws.amazon.com/prometheus)';
const LIBRARY = 'the library: the value feeds a check or a rendered field of that type';
const EC2_IDS = 'EC2 resource IDs (docs.aws.amazon.com/AWSEC2/latest/UserGuide/resource-ids.html)';
const AZ_NAMES = 'EC2 zone names (docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-regions-availability-zones.html)';

/** EKS's documented limits for managed node groups. */
export const NODEGROUP_LIMITS = {
  /** Service quota "Nodes per managed node group" (adjustable). */
  maxNodesQuota: 450,
  /** CreateNodegroup `taints`: at most 50. */
  maxTaints: 50,
} as const;

const isConstructLike = (v: any) => typeof v === 'object' && v !== null && typeof v.node?.path === 'string';
const objectOf =
  (kind: string, is: (v: any) => boolean, fix: string, required = false) =>
  (prop: string, v: unknown) =>
    checkObject(prop, v, kind, is, fix, required);

const cluster = objectOf(
  'an aws-eks-v2 cluster (ICluster)',
  (v) => isConstructLike(v) && 'clusterName' in v && 'vpc' in v,
  'pass the eks.Cluster from aws-cdk-lib/aws-eks-v2, or eks.Cluster.fromClusterAttributes(...)',
  true,
);
const role = objectOf(
  'an IAM role (IRole)',
  (v) => isConstructLike(v) && 'roleArn' in v,
  'pass an iam.Role or iam.Role.fromRoleArn(...)',
);
const key = objectOf(
  'a KMS key (IKey)',
  (v) => isConstructLike(v) && 'keyArn' in v,
  'pass a kms.Key or kms.Key.fromKeyArn(...)',
);
const topic = objectOf(
  'an SNS topic (ITopic)',
  (v) => isConstructLike(v) && 'topicArn' in v,
  'pass an sns.Topic or sns.Topic.fromTopicArn(...)',
);
const subnet = (prop: string, v: unknown) =>
  checkObject(prop, v, 'a subnet (ISubnet)', (s) => isConstructLike(s) && 'subnetId' in s, 'pass an ec2.ISubnet');
const securityGroup = (prop: string, v: unknown) =>
  checkObject(
    prop,
    v,
    'a security group (ISecurityGroup)',
    (s) => isConstructLike(s) && 'securityGroupId' in s,
    'pass an ec2.ISecurityGroup',
  );
const alarmAction = (prop: string, v: unknown) =>
  checkObject(
    prop,
    v,
    'an alarm action (IAlarmAction)',
    (a) => typeof a?.bind === 'function',
    'pass e.g. new cwActions.SnsAction(topic)',
  );
const podNetworking = objectOf(
  'a PodNetworking',
  // The class itself, as MaxPods.calculate and TunedNodegroup read it: a look-alike object lacks its private math.
  (v) => v instanceof PodNetworking,
  'pass PodNetworking.secondaryIps(), PodNetworking.prefixDelegation() or PodNetworking.autoMode()',
);
const plainObject = (kind: string) =>
  objectOf(kind, (v) => typeof v === 'object' && !Array.isArray(v) && !isConstructLike(v), `pass ${kind}`);
/**
 * An ec2.SubnetSelection with fields of the types the VPC's selectSubnets reads, so that `{ subnetType: 'PRIVATE' }`
 * is answered by name, not by a TypeError inside aws-cdk-lib.
 */
const subnetSelection = (prop: string, v: unknown): Check => {
  const shape = plainObject('a SubnetSelection')(prop, v);
  if (shape || v === undefined || isToken(v)) return shape;
  const s = v as Record<string, unknown>;
  return (
    checkEnum(`${prop}.subnetType`, s.subnetType, ec2.SubnetType as unknown as Record<string, string>, 'SubnetType') ??
    checkStringType(`${prop}.subnetGroupName`, s.subnetGroupName) ??
    checkList(`${prop}.availabilityZones`, s.availabilityZones, {}, checkStringType) ??
    checkBoolean(`${prop}.onePerAz`, s.onePerAz) ??
    checkList(`${prop}.subnets`, s.subnets, {}, subnet)
  );
};

/** A list of text; a blank entry never means anything, so it is refused unless `item` says otherwise. */
const strings =
  (item?: (p: string, v: unknown) => Check, minItems = 0, fix?: string) =>
  (prop: string, v: unknown) =>
    checkList(prop, v, { minItems, fix }, item ?? ((p, e) => checkNotBlank(p, e, 'give text, or drop the entry')));
const int = (min?: number, max?: number, unit?: string, source?: string) => (prop: string, v: unknown) =>
  checkNumber(prop, v, { min, max, unit, source });
/** A number of any range: the prop's consumer checks the range with its own message. */
const num = (prop: string, v: unknown) => checkNumber(prop, v, { integer: false });
/** An enum whose consumer checks strings itself: only a value that is not a string is answered here. */
const typeOnlyEnum = (values: Record<string, string>, name: string) => (prop: string, v: unknown) =>
  typeof v === 'string' ? undefined : checkEnum(prop, v, values, name);
/**
 * Tags that select existing resources: AWS's own (aws:…) tags may be selected, so only shape and length count. An
 * empty map would select every resource, as Auto Mode and Karpenter read it.
 */
const checkSelectorTags = (prop: string, v: unknown): Check =>
  v !== null && typeof v === 'object' && !isToken(v) && Object.keys(v).length === 0
    ? {
        prop,
        value: v,
        rule: 'is empty; it would match every resource',
        fix: "give at least one tag, e.g. { 'kubernetes.io/role/internal-elb': '1' }",
      }
    : checkMap(prop, v, (entryProp, k, value) =>
        k.length < 1 || k.length > 128
          ? { prop: `${prop} key`, value: k, rule: 'must be 1-128 characters (EC2 tag keys)' }
          : (checkStringType(entryProp, value) ??
            (typeof value === 'string' && !isToken(value) && value.length > 256
              ? { prop: entryProp, value, rule: 'is longer than the 256 characters of an EC2 tag value' }
              : undefined)),
      );
/**
 * An instance type the library's EC2 data knows, as every construct that takes one checks it; a token is the
 * caller's to refuse or skip.
 */
const knownInstanceType = (prop: string, v: unknown): Check => {
  if (isToken(v)) return undefined;
  const type = checkStringType(prop, v);
  if (type || v === undefined) return type;
  const why = unknownInstanceType(v as string);
  return why ? { prop, value: v, rule: why } : undefined;
};
const enumOf = (values: Record<string, string>, name: string) => (prop: string, v: unknown) =>
  checkEnum(prop, v, values, name);
/** A list of enum values; a bad one is named with the list's prop, as users wrote it. */
const enumList = (values: Record<string, string>, name: string) => (prop: string, v: unknown) =>
  checkList(prop, v, {}, (_, item) => checkEnum(prop, item, values, name));
const duration =
  (minSeconds?: number, maxSeconds?: number, multipleOfSeconds?: number, source?: string) =>
  (prop: string, v: unknown) =>
    checkDuration(prop, v, { minSeconds, maxSeconds, multipleOfSeconds, source });
/** The unit a Duration prop is converted to, in which it must be whole (duration's multipleOfSeconds). */
const IN_MS = 0.001;
const IN_S = 1;
const IN_MIN = 60;

/** A required prop: missing is answered by name before its shape is checked. */
const required =
  (check: (prop: string, v: unknown) => Check, example: string) =>
  (prop: string, v: unknown): Check =>
    v === undefined || v === null
      ? { prop, value: v, rule: 'is missing', fix: `give ${prop}, e.g. ${example}` }
      : check(prop, v);

const taint = (prop: string, v: unknown): Check => {
  const shape = checkObject(
    prop,
    v,
    'a taint ({ key, value?, effect })',
    (t) => typeof t === 'object',
    'pass { key, value, effect }',
    true,
  );
  if (shape || isToken(v)) return shape;
  const t = v as { key?: unknown; value?: unknown; effect?: unknown };
  return (
    (t.key === undefined
      ? { prop: `${prop}.key`, value: t.key, rule: 'is missing', fix: "give a key, e.g. 'dedicated'" }
      : checkLabelKey(`${prop}.key`, t.key)) ??
    checkLabelValue(`${prop}.value`, t.value) ??
    // Every Kubernetes taint has an effect: without one the node group's taint cannot be applied.
    (t.effect === undefined
      ? {
          prop: `${prop}.effect`,
          value: t.effect,
          rule: 'is missing; a taint needs an effect',
          fix: 'give eks.TaintEffect.NO_SCHEDULE, PREFER_NO_SCHEDULE or NO_EXECUTE',
        }
      : checkEnum(`${prop}.effect`, t.effect, eks.TaintEffect as unknown as Record<string, string>, 'TaintEffect'))
  );
};

/** The rules, built on first use; they never change afterwards. */
let builtRules: Record<string, StructRules> | undefined;

/**
 * The rules of every public struct the library takes, by struct name. Built when first asked, so that the modules
 * whose enums it reads are loaded by then; every struct a construct checks uses the same table.
 */
export function propRules(): Record<string, StructRules> {
  return (builtRules ??= buildPropRules());
}

function buildPropRules(): Record<string, StructRules> {
  return {
    ManagedAddonOptions: {
      props: {
        addonVersion: { rule: 'vX.Y.Z-eksbuild.N', source: 'EKS CreateAddon', check: checkAddonVersion },
        resolveConflicts: {
          rule: 'AddonResolveConflicts value',
          source: 'EKS CreateAddon',
          check: enumOf(AddonResolveConflicts, 'AddonResolveConflicts'),
        },
      },
    },
    CoreDnsAutoScaling: {
      props: {
        minReplicas: {
          rule: 'whole number ≥ 2 (the add-on schema), ≤ maxReplicas',
          source: 'coredns add-on configuration schema',
          check: num,
        },
        maxReplicas: {
          rule: 'whole number ≥ minReplicas',
          source: 'coredns add-on configuration schema',
          check: num,
        },
      },
    },
    CoreDnsOptions: {
      extends: ['ManagedAddonOptions'],
      props: {
        replicas: {
          rule: 'whole number ≥ 2; not with autoScaling',
          source: 'coredns add-on configuration schema',
          check: num,
        },
        autoScaling: { rule: 'see CoreDnsAutoScaling', source: TYPE, struct: 'CoreDnsAutoScaling' },
      },
    },
    CoreDnsProps: {
      extends: ['CoreDnsOptions'],
      props: { cluster: { rule: 'an aws-eks-v2 ICluster', source: TYPE, check: cluster } },
    },
    KubeProxyOptions: {
      extends: ['ManagedAddonOptions'],
      props: {
        mode: {
          rule: 'KubeProxyMode value (iptables, ipvs)',
          source: 'kube-proxy add-on configuration schema',
          check: enumOf(KubeProxyMode, 'KubeProxyMode'),
        },
        ipvsScheduler: {
          rule: 'an IPVS scheduler (rr, wrr, lc, wlc, lblc, lblcr, sh, dh, sed, nq, mh); warning outside ipvs mode',
          source: 'kube-proxy --ipvs-scheduler',
          check: checkStringType,
        },
        hostnameOverride: { rule: 'boolean', source: TYPE, check: checkBoolean },
      },
    },
    KubeProxyProps: {
      extends: ['KubeProxyOptions'],
      props: { cluster: { rule: 'an aws-eks-v2 ICluster', source: TYPE, check: cluster } },
    },
    PodNetworkingOptions: {
      props: {
        cniVersion: {
          rule: 'a VPC CNI version (1.x.y or v1.x.y), known at synth',
          source: CNI,
          check: synthString('the library reads what the CNI version supports at synth', "'v1.19.2-eksbuild.1'"),
        },
        customNetworking: { rule: 'boolean', source: TYPE, check: checkBoolean },
        securityGroupsForPods: { rule: 'boolean', source: TYPE, check: checkBoolean },
        maxEni: {
          rule: 'whole number ≥ 1, known at synth',
          source: CNI,
          check: synthNumber(undefined, undefined, 'max pods is computed from MAX_ENI at synth'),
        },
      },
    },
    Ipv6PodNetworkingOptions: {
      props: {
        cniVersion: {
          rule: 'a VPC CNI version, 1.10.1 or later, known at synth',
          source: CNI,
          check: synthString('the library reads what the CNI version supports at synth', "'v1.19.2-eksbuild.1'"),
        },
        securityGroupsForPods: { rule: 'boolean', source: TYPE, check: checkBoolean },
      },
    },
    AutoModePodNetworkingOptions: {
      props: {
        measuredMaxPods: {
          rule: 'whole number 1-110: status.capacity.pods of a live node, known at synth',
          source: NODE_CLASS,
          check: synthNumber(undefined, undefined, 'max pods and IP use are computed from it at synth'),
        },
        staticPodAddresses: {
          rule: 'whole number ≥ 1: the pod addresses static interfaces give, known at synth',
          source: NODE_CLASS,
          check: synthNumber(undefined, undefined, 'max pods and IP use are computed from it at synth'),
        },
        ipv4PrefixSize: {
          rule: "Ipv4PrefixSize value ('Auto', '32')",
          source: NODE_CLASS,
          check: enumOf(Ipv4PrefixSize, 'Ipv4PrefixSize'),
        },
      },
    },
    VpcCniOptions: {
      extends: ['ManagedAddonOptions'],
      props: {
        ipv4Egress: { rule: 'boolean; IPv6 clusters only', source: CNI, check: checkBoolean },
        podNetworking: {
          rule: 'a PodNetworking, not PodNetworking.autoMode() (Auto Mode runs its own pod networking)',
          source: TYPE,
          check: cniPodNetworking,
        },
        warmEniTarget: { rule: 'whole number ≥ 0', source: CNI, check: num },
        warmIpTarget: { rule: 'whole number ≥ 1 (leave it unset to use warmEniTarget)', source: CNI, check: num },
        minimumIpTarget: { rule: 'whole number ≥ 1, ≥ warmIpTarget, only with warmIpTarget', source: CNI, check: num },
        warmPrefixTarget: { rule: 'whole number ≥ 1; only with prefix delegation', source: CNI, check: num },
        ipCooldownPeriodSeconds: { rule: 'whole number ≥ 0 seconds', source: CNI, check: num },
        customNetworkingSubnets: {
          rule: 'subnets (ISubnet), one per AZ, in the cluster VPC, no overlap',
          source: CNI,
          check: (p, v) => checkList(p, v, {}, subnet),
        },
        customNetworkingSecurityGroups: {
          rule: 'security groups, 1-16 (an ENI takes at most 16); warning without custom networking',
          source: `${CNI}; VPC quotas (security groups per network interface)`,
          check: (p, v) =>
            checkList(
              p,
              v,
              {
                minItems: 1,
                maxItems: 16,
                fix: "give the pods' security groups, or leave the prop out for the cluster security group",
              },
              securityGroup,
            ),
        },
        podSecurityGroupEnforcingMode: {
          rule: 'PodSecurityGroupEnforcingMode value; warning without security groups for pods',
          source: CNI,
          check: enumOf(PodSecurityGroupEnforcingMode, 'PodSecurityGroupEnforcingMode'),
        },
        clusterRole: { rule: 'an IAM role; warning without security groups for pods', source: TYPE, check: role },
        clusterEndpoint: { rule: 'boolean', source: TYPE, check: checkBoolean },
        apiServerGate: { rule: 'boolean', source: TYPE, check: checkBoolean },
        gateImage: {
          rule: 'an image reference [registry[:port]/]repository[:tag][@sha256:digest]',
          source: OCI,
          check: checkImage,
        },
      },
    },
    VpcCniProps: {
      extends: ['VpcCniOptions'],
      props: { cluster: { rule: 'an aws-eks-v2 ICluster', source: TYPE, check: cluster } },
    },
    NodeLocalDnsCacheOptions: {
      props: {
        kubeDnsIp: {
          rule:
            "a unicast IP address of the cluster's IP family, inside its service CIDR; not its network, first (the " +
            "kubernetes Service) or last address, nor node-cache's own listen address",
          source: 'NodeLocal DNSCache (kubernetes.io/docs/tasks/administer-cluster/nodelocaldns); node-cache -localip',
          check: (p, v) =>
            checkUnicastAddress(
              p,
              v,
              'give the kube-dns Service ClusterIP (kubectl -n kube-system get svc kube-dns), e.g. 172.20.0.10',
            ),
        },
        dnsDomain: {
          rule: 'a DNS subdomain without a trailing dot, each label at most 63 characters',
          source: `${K8S_NAMES}; RFC 1035 (labels of 63 octets or less)`,
          check: (p, v) => checkKubernetesName(p, v, 'cluster.local') ?? shortDnsLabels(p, v),
        },
        kubeProxyMode: {
          rule: 'KubeProxyMode value',
          source: 'NodeLocal DNSCache',
          check: enumOf(KubeProxyMode, 'KubeProxyMode'),
        },
      },
    },
    NodeLocalDnsCacheProps: {
      extends: ['NodeLocalDnsCacheOptions'],
      props: { cluster: { rule: 'an aws-eks-v2 ICluster', source: TYPE, check: cluster } },
    },
    DaemonSetReadinessGateProps: {
      props: {
        cluster: { rule: 'an aws-eks-v2 ICluster with a kubectl provider', source: TYPE, check: cluster },
        daemonSetName: {
          rule: 'a Kubernetes object name (DNS subdomain)',
          source: K8S_NAMES,
          check: required(checkKubernetesName, "'node-agent'"),
        },
        namespace: { rule: 'a DNS label', source: K8S_NAMES, check: required(checkDnsLabel, "'kube-system'") },
        host: {
          rule: 'a host name or IP address, given with port',
          source: 'nc(1): the gate passes it to nc',
          check: (p, v) => checkHost(p, v, 'kube-dns.kube-system.svc or 10.100.0.10'),
        },
        port: { rule: 'whole number 1-65535, given with host', source: 'TCP', check: int(1, 65535) },
        timeoutSeconds: { rule: 'whole number 1-60 seconds', source: LIBRARY, check: int(1, 60, 'seconds') },
        gateImage: { rule: 'an image reference', source: OCI, check: checkImage },
      },
    },
    ClusterJobProps: {
      props: {
        cluster: { rule: 'an aws-eks-v2 ICluster with a kubectl provider', source: TYPE, check: cluster },
        manifest: {
          rule:
            'a batch/v1 Job manifest: metadata.name a DNS subdomain of ≤ 63 characters, metadata.namespace a DNS label, ' +
            'spec.template set with restartPolicy Never or OnFailure, spec.ttlSecondsAfterFinished a whole number ≥ 0; ' +
            'not both it and the ttlSecondsAfterFinished prop',
          source: `Kubernetes Job API (kubernetes.io/docs/concepts/workloads/controllers/job); ${K8S_NAMES}`,
          check: (p, v) =>
            objectOf(
              'a Job manifest object',
              (m) => typeof m === 'object' && !Array.isArray(m),
              "pass { apiVersion: 'batch/v1', kind: 'Job', ... }",
              true,
            )(p, v) ?? jobManifest(p, v),
        },
        ttlSecondsAfterFinished: {
          rule: 'whole number ≥ 0 seconds',
          source: 'Kubernetes Job spec.ttlSecondsAfterFinished',
          check: num,
        },
      },
    },
    ClusterNetworkingDeclaration: {
      props: {
        authenticationMode: {
          rule: 'ClusterAuthenticationMode value',
          source: 'EKS cluster accessConfig.authenticationMode',
          check: enumOf(ClusterAuthenticationMode, 'ClusterAuthenticationMode'),
        },
        karpenter: { rule: 'see KarpenterFacts', source: TYPE, struct: 'KarpenterFacts' },
        ipFamily: {
          rule: 'IpFamily value (ip4, ipv6), the cluster’s own',
          source: 'EKS cluster kubernetesNetworkConfig.ipFamily',
          check: enumOf(eks.IpFamily as unknown as Record<string, string>, 'IpFamily'),
        },
        podNetworking: { rule: 'a PodNetworking', source: TYPE, check: podNetworking },
        kubeProxyMode: { rule: 'KubeProxyMode value', source: TYPE, check: enumOf(KubeProxyMode, 'KubeProxyMode') },
        clusterDns: {
          rule:
            "IP addresses, each once, at least one: kube-dns's (inside the service CIDR) or a node-local cache's " +
            'link-local one; not loopback, multicast or broadcast',
          source: 'kubelet clusterDNS',
          check: strings(
            (p, v) => checkUnicastAddress(p, v, "e.g. ['169.254.20.10']", true),
            1,
            "give the DNS address kubelets use, e.g. ['169.254.20.10'], or leave clusterDns out",
          ),
        },
        podSecurityGroupEnforcingMode: {
          rule: 'PodSecurityGroupEnforcingMode value',
          source: CNI,
          check: enumOf(PodSecurityGroupEnforcingMode, 'PodSecurityGroupEnforcingMode'),
        },
        autoMode: { rule: 'boolean', source: TYPE, check: checkBoolean },
      },
    },
    KubeletTuningOptions: {
      props: {
        maxPods: {
          rule: 'whole number ≥ 3 (the host-network pods count too), ≤ the instance type’s ENI capacity',
          source: 'EKS max-pods (research/maxpods.md)',
          check: (p, v) => checkNumber(p, v, { min: MIN_MAX_PODS, fix: MIN_MAX_PODS_WHY }),
        },
        registryPullQps: { rule: 'whole number ≥ 0 (0 = unlimited)', source: 'kubelet registryPullQPS', check: num },
        registryBurst: { rule: 'whole number ≥ 1, ≥ registryPullQps', source: 'kubelet registryBurst', check: num },
        maxParallelImagePulls: { rule: 'whole number ≥ 1', source: 'kubelet maxParallelImagePulls', check: num },
      },
    },
    DataVolumeOptions: {
      props: {
        enabled: { rule: 'boolean; false with other options is an error', source: TYPE, check: checkBoolean },
        includeKubeletState: { rule: 'boolean', source: TYPE, check: checkBoolean },
        includePodLogs: { rule: 'boolean', source: TYPE, check: checkBoolean },
        sizeGiB: {
          rule: 'whole number 20-65536 GiB',
          source: GP3,
          check: synthNumber(undefined, undefined, 'EBS volume settings are written into the launch template at synth'),
        },
        iops: {
          rule: 'whole number 3000-80000, ≤ 500 × sizeGiB',
          source: GP3,
          check: synthNumber(undefined, undefined, 'EBS volume settings are written into the launch template at synth'),
        },
        throughputMiBps: {
          rule: 'whole number 125-2000 MiB/s, ≤ 0.25 × iops',
          source: GP3,
          check: synthNumber(undefined, undefined, 'EBS volume settings are written into the launch template at synth'),
        },
      },
    },
    NodeSpecOptions: {
      props: {
        nodeImage: { rule: 'NodeImage value', source: TYPE, check: enumOf(NodeImage, 'NodeImage') },
        kubelet: { rule: 'see KubeletTuningOptions', source: TYPE, struct: 'KubeletTuningOptions' },
        dataVolume: { rule: 'see DataVolumeOptions', source: TYPE, struct: 'DataVolumeOptions' },
        rootVolumeSizeGiB: {
          rule: 'whole number ≥ 20 GiB on AL2023 (the AMI size), ≥ 2 on Bottlerocket (its OS image), ≤ 65536',
          source: GP3,
          check: synthNumber(undefined, undefined, 'EBS volume settings are written into the launch template at synth'),
        },
        httpPutResponseHopLimit: {
          rule: 'whole number 1-64',
          source: 'EC2 instance metadata options',
          check: num,
        },
      },
    },
    TunedNodegroupOptions: {
      extends: ['NodeSpecOptions'],
      props: {
        maxPodsExpression: {
          rule: 'a nodeadm max-pods expression (CEL), as text; not with kubelet.maxPods',
          source: 'nodeadm kubelet.maxPodsExpression (awslabs/amazon-eks-ami nodeadm)',
          check: checkStringType,
        },
        warmPool: { rule: 'see WarmPoolOptions', source: TYPE, struct: 'WarmPoolOptions' },
        instanceTypes: {
          rule: 'at least one known instance type, one CPU architecture',
          source: 'EC2 instance types (generated table)',
          check: (p, v) =>
            checkList(
              p,
              v,
              { minItems: 1, fix: "give at least one instance type, e.g. ['m6i.xlarge']" },
              (ip, iv) =>
                synthString('max pods is computed from the instance type at synth')(ip, iv) ??
                knownInstanceType(ip, iv),
            ),
        },
        podNetworking: { rule: 'a PodNetworking with the cluster’s max-pods math', source: TYPE, check: podNetworking },
        amiType: {
          rule: 'NodegroupAmiType of nodeImage',
          source: 'EKS CreateNodegroup amiType',
          check: enumOf(eks.NodegroupAmiType as unknown as Record<string, string>, 'NodegroupAmiType'),
        },
        volumeEncryptionKey: { rule: 'a KMS key', source: TYPE, check: key },
        shellScripts: {
          rule: 'scripts that start with #! (cloud-init runs each part as a program) and do not override the hostname, iptables or docker',
          source: 'cloud-init user-data formats (text/x-shellscript); library guardrail (user data)',
          check: strings(
            (ip, iv) => checkNotBlank(ip, iv, "give the script's commands, or leave the entry out") ?? shebang(ip, iv),
          ),
        },
        minSize: {
          rule: `whole number 0-${NODEGROUP_LIMITS.maxNodesQuota} (quota), ≤ desiredSize ≤ maxSize, not all zero`,
          source: 'EKS NodegroupScalingConfig; EKS service quota "Nodes per managed node group" (450)',
          check: int(0),
        },
        desiredSize: {
          rule: 'whole number from minSize to maxSize',
          source: 'EKS NodegroupScalingConfig',
          check: int(0),
        },
        maxSize: {
          rule: `whole number ≥ 1 and ≥ minSize and desiredSize; above ${NODEGROUP_LIMITS.maxNodesQuota} a warning (adjustable quota)`,
          source: 'EKS NodegroupScalingConfig; EKS service quotas',
          check: int(0),
        },
        subnets: { rule: 'a SubnetSelection', source: TYPE, check: subnetSelection },
        nodegroupName: {
          rule: "1-63 letters, digits, '-', '_', starting with a letter or digit",
          source: 'EKS CreateNodegroup nodegroupName',
          check: checkNodegroupName,
        },
        labels: {
          rule:
            'Kubernetes labels (keys [prefix/]name, values ≤ 63); in kubernetes.io and k8s.io only node.kubernetes.io/…, ' +
            'kubelet.kubernetes.io/… and the well-known topology labels',
          source: `${K8S_LABELS}; NodeRestriction (kubernetes.io/docs/reference/access-authn-authz/admission-controllers)`,
          check: checkNodeLabels,
        },
        taints: {
          rule: `at most ${NODEGROUP_LIMITS.maxTaints}; key a label key (≤ 63), value ≤ 63, effect a TaintEffect; each key and effect once`,
          source: 'EKS API Taint and node taints on managed node groups',
          check: (p, v) => checkList(p, v, { maxItems: NODEGROUP_LIMITS.maxTaints }, taint) ?? distinctTaints(p, v),
        },
        capacityType: {
          rule: 'CapacityType value',
          source: 'EKS CreateNodegroup capacityType',
          check: enumOf(eks.CapacityType as unknown as Record<string, string>, 'CapacityType'),
        },
        nodeRole: { rule: 'an IAM role', source: TYPE, check: role },
      },
    },
    TunedNodegroupProps: {
      extends: ['TunedNodegroupOptions'],
      props: { cluster: { rule: 'an aws-eks-v2 ICluster', source: TYPE, check: cluster } },
    },
    KarpenterNodePoolOptions: {
      props: {
        name: { rule: 'a Kubernetes object name', source: K8S_NAMES, check: checkKubernetesName },
        capacityTypes: {
          rule: 'KarpenterCapacityType values, at least one',
          source: 'Karpenter NodePool karpenter.sh/capacity-type',
          check: enumList(KarpenterCapacityType, 'KarpenterCapacityType'),
        },
        cpuLimit: { rule: 'whole number ≥ 1 vCPUs', source: 'Karpenter NodePool limits', check: num },
      },
    },
    KarpenterNodeClassOptions: {
      extends: ['NodeSpecOptions'],
      props: {
        connectionTracking: {
          rule: 'see KarpenterConnectionTracking; Karpenter 1.13 or later',
          source: TYPE,
          struct: 'KarpenterConnectionTracking',
        },
        nodeRoleAccessEntry: { rule: 'boolean', source: TYPE, check: checkBoolean },
        nodeRole: {
          rule: 'an IAM role',
          source: TYPE,
          check: objectOf('an IAM role (IRole)', (v) => isConstructLike(v) && 'roleArn' in v, 'pass an iam.Role', true),
        },
        name: { rule: 'a Kubernetes object name', source: K8S_NAMES, check: checkKubernetesName },
        amiVersion: {
          rule: "'latest', or the release of the nodeImage: vYYYYMMDD, a real date, for AL2023; vX.Y.Z for Bottlerocket",
          source: 'Karpenter EC2NodeClass amiSelectorTerms alias (karpenter.sh/docs/tasks/managing-amis)',
          check: amiReleaseVersion,
        },
        instanceTypes: {
          rule: 'known instance types, each once, not empty',
          source: 'EC2 instance types (generated table)',
          check: (p, v) =>
            checkList(
              p,
              v,
              { minItems: 1, fix: 'leave instanceTypes out to let Karpenter choose' },
              (ip, iv) =>
                synthString('max pods is computed from the instance type at synth')(ip, iv) ??
                knownInstanceType(ip, iv),
            ),
        },
        podNetworking: { rule: 'a PodNetworking', source: TYPE, check: podNetworking },
        subnetSelectorTags: {
          rule: 'EC2 tags (keys 1-128, not aws:, values ≤ 256)',
          source: EC2_TAGS,
          check: checkSelectorTags,
        },
        securityGroupSelectorTags: { rule: 'EC2 tags', source: EC2_TAGS, check: checkSelectorTags },
        nodePool: { rule: 'see KarpenterNodePoolOptions', source: TYPE, struct: 'KarpenterNodePoolOptions' },
      },
    },
    KarpenterNodeClassProps: {
      extends: ['KarpenterNodeClassOptions'],
      props: { cluster: { rule: 'an aws-eks-v2 ICluster', source: TYPE, check: cluster } },
    },
    KarpenterConnectionTracking: {
      props: {
        tcpEstablishedTimeout: {
          rule: 'a Duration of whole seconds',
          source: 'Karpenter EC2NodeClass connectionTracking',
          check: duration(1, undefined, IN_S),
        },
        udpStreamTimeout: {
          rule: 'a Duration of whole seconds',
          source: 'Karpenter EC2NodeClass connectionTracking',
          check: duration(1, undefined, IN_S),
        },
        udpTimeout: {
          rule: 'a Duration of whole seconds',
          source: 'Karpenter EC2NodeClass connectionTracking',
          check: duration(1, undefined, IN_S),
        },
      },
    },
    KarpenterControllerProps: {
      props: {
        cluster: { rule: 'an aws-eks-v2 ICluster', source: TYPE, check: cluster },
        helmValues: {
          rule: 'chart values (an object; settings, serviceAccount, controller objects too), merged over the library’s',
          source: 'Karpenter Helm chart values',
          check: helmValues,
        },
        kubernetesVersion: {
          rule: "a Kubernetes minor such as '1.35' (text), known at synth",
          source: 'Karpenter compatibility matrix',
          check: kubernetesMinor,
        },
        namespace: { rule: 'a Kubernetes namespace name', source: K8S_NAMES, check: checkDnsLabel },
        nodeClassCel: {
          rule: 'boolean; Karpenter 1.15 or later',
          source: 'Karpenter NodeClassCEL feature gate',
          check: checkBoolean,
        },
        nodeRole: { rule: 'an IAM role', source: TYPE, check: role },
        version: {
          rule: 'a Karpenter release X.Y.Z, 1.0 or later, that supports the cluster, known at synth',
          source: 'Karpenter compatibility matrix',
          check: karpenterRelease,
        },
      },
    },
    KarpenterFacts: {
      props: {
        version: {
          rule: 'a Karpenter release such as 1.15.2, 1.0 or later, known at synth',
          source: 'Karpenter releases',
          check: karpenterRelease,
        },
        reservedEnis: {
          rule: 'required; whole number ≥ 0: settings.reservedENIs, known at synth',
          source: 'Karpenter settings',
          check: required(synthNumber(0, 1000, 'max pods is computed from it at synth'), '0'),
        },
        nodeClassCel: { rule: 'boolean; Karpenter 1.15 or later', source: TYPE, check: checkBoolean },
      },
    },
    MaxPodsExpressionOptions: {
      props: {
        dialect: {
          rule: 'MaxPodsExpressionDialect value',
          source: TYPE,
          check: required(
            enumOf(MaxPodsExpressionDialect, 'MaxPodsExpressionDialect'),
            'MaxPodsExpressionDialect.NODEADM',
          ),
        },
        memoryMib: {
          rule: 'whole number ≥ 1 MiB, known at synth',
          source: LIBRARY,
          check: synthNumber(1, undefined, 'the expression is evaluated with it at synth'),
        },
        podNetworking: { rule: 'a PodNetworking', source: TYPE, check: podNetworking },
        reservedEnis: {
          rule: 'whole number ≥ 0, known at synth',
          source: 'Karpenter settings.reservedENIs',
          check: synthNumber(0, undefined, 'the expression is evaluated with it at synth'),
        },
      },
    },
    WarmPoolOptions: {
      props: {
        maxGroupPreparedCapacity: {
          rule: 'whole number ≥ maxSize (node group and pool together)',
          source: 'EKS node group warmPoolConfig',
          check: int(0),
        },
        minSize: { rule: 'whole number ≥ 0', source: 'EKS node group warmPoolConfig', check: int(0) },
        poolState: {
          rule: 'WarmPoolState value; not Hibernated on Bottlerocket',
          source: 'EKS node group warmPoolConfig',
          check: enumOf(WarmPoolState, 'WarmPoolState'),
        },
        reuseOnScaleIn: {
          rule: 'boolean; not on Bottlerocket',
          source: 'EKS node group warmPoolConfig',
          check: checkBoolean,
        },
      },
    },
    Ec2ApiLimit: {
      props: {
        bucketMaximumCapacity: {
          rule: 'required; a whole number ≥ 1 (tokens a full bucket holds), known at synth',
          source: 'EC2 API throttling (docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html)',
          check: bucketFigure(true),
        },
        bucketRefillRate: {
          rule: 'required; a number above 0 per second, known at synth',
          source: 'EC2 API throttling (docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html)',
          check: bucketFigure(false),
        },
      },
    },
    AutoModeSelectorTerm: {
      props: {
        id: {
          rule: 'a subnet-… or sg-… ID: 8 or 17 hex digits',
          source: `${NODE_CLASS}; ${EC2_IDS}`,
          check: (p, v) => checkEc2ResourceId(p, v, ['subnet', 'sg']),
        },
        name: { rule: 'a security group name (security groups only)', source: NODE_CLASS, check: checkStringType },
        tags: { rule: 'EC2 tags, not empty', source: EC2_TAGS, check: checkSelectorTags },
      },
    },
    AutoModeEphemeralStorage: {
      props: {
        sizeGiB: { rule: 'whole number 1-59000 GiB', source: NODE_CLASS, check: num },
        iops: { rule: 'whole number 3000-16000, ≤ 500 × sizeGiB above 3000', source: NODE_CLASS, check: num },
        throughputMiBps: { rule: 'whole number 125-1000 MiB/s, ≤ 0.25 × iops', source: NODE_CLASS, check: num },
        kmsKeyId: {
          rule: 'a KMS key ID (UUID or mrk-…), key ARN, alias name (alias/…) or alias ARN',
          source: NODE_CLASS,
          check: checkKmsKeyReference,
        },
      },
    },
    AutoModeCertificateBundle: {
      props: {
        name: { rule: 'a name for the bundle', source: NODE_CLASS, check: required(checkStringType, "'corp-ca'") },
        data: {
          rule: 'base64 PEM certificate data',
          source: NODE_CLASS,
          check: required(checkStringType, 'the base64 PEM'),
        },
      },
    },
    AutoModeAdvancedSecurity: {
      props: {
        fips: { rule: 'boolean', source: TYPE, check: checkBoolean },
        kernelLockdown: {
          rule: 'AutoModeKernelLockdown value',
          source: NODE_CLASS,
          check: typeOnlyEnum(AutoModeKernelLockdown, 'AutoModeKernelLockdown'),
        },
      },
    },
    AutoModeCapacityReservationTerm: {
      props: {
        id: { rule: 'a cr-… ID; exactly one of id or tags', source: NODE_CLASS, check: checkStringType },
        tags: { rule: 'EC2 tags selecting reservations', source: EC2_TAGS, check: checkSelectorTags },
        owner: { rule: 'a 12-digit account ID (with tags)', source: NODE_CLASS, check: checkStringType },
      },
    },
    AutoModeNetworkInterface: {
      props: {
        networkCardIndex: {
          rule: 'whole number ≥ 0, a card of the instance type',
          source: NODE_CLASS,
          check: required(num, '0'),
        },
        deviceIndex: { rule: 'whole number ≥ 0; 0 is the primary ENI', source: NODE_CLASS, check: required(num, '0') },
        interfaceType: {
          rule: "AutoModeInterfaceType value ('interface', 'efa-only')",
          source: NODE_CLASS,
          check: required(
            typeOnlyEnum(AutoModeInterfaceType, 'AutoModeInterfaceType'),
            'AutoModeInterfaceType.INTERFACE',
          ),
        },
        secondaryIpv4Count: {
          rule: 'whole number ≥ 0 (card 0, interface only; not with the prefix count)',
          source: NODE_CLASS,
          check: num,
        },
        secondaryIpv4PrefixCount: {
          rule: 'whole number ≥ 0 (card 0, interface only; not with the count)',
          source: NODE_CLASS,
          check: num,
        },
      },
    },
    AutoModePlacementGroupSelector: {
      props: {
        name: { rule: 'a placement group name; exactly one of name or id', source: NODE_CLASS, check: checkStringType },
        id: { rule: 'a pg-… ID; exactly one of name or id', source: NODE_CLASS, check: checkStringType },
      },
    },
    AutoModeNodeClassProps: {
      props: {
        certificateBundles: {
          rule: 'certificate bundles',
          source: NODE_CLASS,
          struct: 'AutoModeCertificateBundle',
          listOf: true,
        },
        advancedSecurity: {
          rule: 'see AutoModeAdvancedSecurity',
          source: NODE_CLASS,
          struct: 'AutoModeAdvancedSecurity',
        },
        capacityReservationSelectorTerms: {
          rule: 'selector terms, each exactly one of id or tags',
          source: NODE_CLASS,
          struct: 'AutoModeCapacityReservationTerm',
          listOf: true,
        },
        networkInterfaces: {
          rule: 'static interfaces; they bound max pods',
          source: NODE_CLASS,
          struct: 'AutoModeNetworkInterface',
          listOf: true,
        },
        enableV4Egress: { rule: 'boolean', source: TYPE, check: checkBoolean },
        placementGroup: {
          rule: 'see AutoModePlacementGroupSelector',
          source: NODE_CLASS,
          struct: 'AutoModePlacementGroupSelector',
        },
        cluster: { rule: 'an aws-eks-v2 ICluster with Auto Mode and a kubectl provider', source: TYPE, check: cluster },
        name: { rule: "a Kubernetes object name, not 'default'", source: NODE_CLASS, check: checkKubernetesName },
        nodeRole: { rule: 'an IAM role', source: TYPE, check: role },
        subnetSelectorTerms: {
          rule: 'selector terms, each exactly one of id or tags; ids subnet-…',
          source: NODE_CLASS,
          check: selectorTermIds('subnet'),
          struct: 'AutoModeSelectorTerm',
          listOf: true,
        },
        securityGroupSelectorTerms: {
          rule: 'selector terms, each exactly one of id, tags or name; ids sg-…',
          source: NODE_CLASS,
          check: selectorTermIds('sg'),
          struct: 'AutoModeSelectorTerm',
          listOf: true,
        },
        podSubnetSelectorTerms: {
          rule: 'selector terms; with podSecurityGroupSelectorTerms; ids subnet-…',
          source: NODE_CLASS,
          check: selectorTermIds('subnet'),
          struct: 'AutoModeSelectorTerm',
          listOf: true,
        },
        podSecurityGroupSelectorTerms: {
          rule: 'selector terms; with podSubnetSelectorTerms; ids sg-…',
          source: NODE_CLASS,
          check: selectorTermIds('sg'),
          struct: 'AutoModeSelectorTerm',
          listOf: true,
        },
        snatPolicy: {
          rule: 'AutoModeSnatPolicy value',
          source: NODE_CLASS,
          check: typeOnlyEnum(AutoModeSnatPolicy, 'AutoModeSnatPolicy'),
        },
        networkPolicy: {
          rule: 'AutoModeNetworkPolicy value',
          source: NODE_CLASS,
          check: typeOnlyEnum(AutoModeNetworkPolicy, 'AutoModeNetworkPolicy'),
        },
        networkPolicyEventLogs: { rule: 'boolean', source: TYPE, check: checkBoolean },
        ipv4PrefixSize: {
          rule: "Ipv4PrefixSize value ('Auto', '32')",
          source: NODE_CLASS,
          check: typeOnlyEnum(Ipv4PrefixSize, 'Ipv4PrefixSize'),
        },
        associatePublicIpAddress: { rule: 'boolean', source: TYPE, check: checkBoolean },
        httpsProxy: {
          rule: 'an http:// or https:// URL, ≤ 255 characters',
          source: NODE_CLASS,
          check: checkStringType,
        },
        noProxy: {
          rule: 'at most 50 entries of 1-255 characters; only with httpsProxy',
          source: NODE_CLASS,
          check: strings(),
        },
        ephemeralStorage: { rule: 'see AutoModeEphemeralStorage', source: TYPE, struct: 'AutoModeEphemeralStorage' },
        tags: {
          rule: 'EC2 tags, not the keys Auto Mode manages',
          source: `${EC2_TAGS}; ${NODE_CLASS}`,
          check: checkTags,
        },
      },
    },
    AutoModeNodePoolOptions: {
      props: {
        name: { rule: 'a Kubernetes object name, not a built-in pool name', source: K8S_NAMES, check: checkStringType },
        capacityTypes: { rule: 'on-demand, spot, reserved', source: NODE_POOL, check: strings() },
        architectures: { rule: 'amd64, arm64', source: NODE_POOL, check: strings() },
        instanceTypes: {
          rule: 'known instance types, each once, not empty',
          source: NODE_POOL,
          check: (p, v) => checkList(p, v, {}, knownInstanceType),
        },
        instanceCategories: {
          rule: 'instance categories: the letters before the generation of a known instance type (c, m, r, t, g, …); not empty',
          source: `${NODE_POOL} (eks.amazonaws.com/instance-category)`,
          check: strings(instanceCategory, 1, 'leave instanceCategories out to allow any category'),
        },
        availabilityZones: {
          rule: 'Availability Zone names (us-east-1a, Local Zones too) in the stack’s Region, not zone IDs; not empty',
          source: `${NODE_POOL} (topology.kubernetes.io/zone); ${AZ_NAMES}`,
          check: strings(checkAvailabilityZoneName),
        },
        cpuLimit: { rule: 'whole number ≥ 1 vCPUs', source: NODE_POOL, check: num },
        memoryLimitGiB: { rule: 'whole number ≥ 1 GiB', source: NODE_POOL, check: num },
        labels: {
          rule: 'Kubernetes labels, not in kubernetes.io, k8s.io, karpenter.sh, eks.amazonaws.com',
          source: `${K8S_LABELS}; ${NODE_POOL}`,
          check: (p, v) => checkLabels(p, v),
        },
        podsPerNode: { rule: 'whole number 1-110', source: NODE_POOL, check: num },
        expireAfterHours: {
          rule: 'whole number of hours within Auto Mode’s node lifetime bounds',
          source: NODE_POOL,
          check: num,
        },
      },
    },
    AutoModeNodePoolProps: {
      extends: ['AutoModeNodePoolOptions'],
      props: {
        nodeClass: {
          rule: 'an AutoModeNodeClass (not a KarpenterNodeClass)',
          source: TYPE,
          check: objectOf(
            'an AutoModeNodeClass',
            (v) => isConstructLike(v) && typeof v.nodeClassName === 'string' && typeof v.addNodePool === 'function',
            'pass an AutoModeNodeClass, or call nodeClass.addNodePool(id, options); a KarpenterNodeClass takes its NodePool in its nodePool prop',
            true,
          ),
        },
      },
    },
    NetworkObservabilityOptions: {
      props: {
        workspaceArn: {
          rule: 'an AMP workspace ARN (arn:partition:aps:region:account:workspace/ws-…) in the stack’s partition, Region and account',
          source: 'IAM ARN format; AMP WorkspaceDescription (docs.aws.amazon.com/prometheus/latest/APIReference)',
          check: ampWorkspaceArn,
        },
        workspaceKey: { rule: 'a KMS key', source: TYPE, check: key },
        workspaceLogging: { rule: 'boolean', source: TYPE, check: checkBoolean },
        managedScraper: { rule: 'boolean', source: TYPE, check: checkBoolean },
        clusterAuthenticationMode: {
          rule: 'ClusterAuthenticationMode value',
          source: 'EKS access config',
          check: enumOf(ClusterAuthenticationMode, 'ClusterAuthenticationMode'),
        },
        scraperSubnets: {
          rule: 'subnets in at least two AZs',
          source: AMP,
          check: (p, v) => checkList(p, v, {}, subnet),
        },
        scrapeInterval: {
          rule: 'a Duration of whole seconds, 30 s to 1 hour',
          source: AMP,
          check: duration(30, 3600, IN_S, 'the AMP managed collector scrapes every 30 s to 1 hour'),
        },
        enaMetricNaming: {
          rule: 'EnaMetricNaming value',
          source: TYPE,
          check: enumOf(EnaMetricNaming, 'EnaMetricNaming'),
        },
        ruleWindow: {
          rule: 'a Duration of whole minutes, ≥ 4 × scrapeInterval, ≤ 1 day',
          source: 'Prometheus rate() windows; AMP',
          check: duration(60, 86400, IN_MIN),
        },
        alertFor: {
          rule: 'a Duration of whole minutes, ≤ 1 day',
          source: 'Prometheus alerting rules',
          check: duration(0, 86400, IN_MIN),
        },
        enaDropThreshold: { rule: 'whole number ≥ 0', source: LIBRARY, check: num },
        conntrackAvailableThreshold: { rule: 'whole number ≥ 0', source: LIBRARY, check: num },
        ipAddressesLowThreshold: { rule: 'whole number ≥ 0', source: LIBRARY, check: num },
        coreDnsErrorRatio: { rule: 'a number between 0 and 1 (exclusive)', source: LIBRARY, check: num },
        coreDnsLatency: {
          rule: "a Duration > 0, whole ms, below 8.192 s (CoreDNS's largest latency bucket: a p99 never exceeds it)",
          source: 'CoreDNS metrics plugin (coredns_dns_request_duration_seconds buckets 0.25 ms-8.192 s)',
          check: duration(
            0,
            COREDNS_LARGEST_BUCKET_SECONDS - 0.001,
            IN_MS,
            `CoreDNS's latency histogram ends at ${COREDNS_LARGEST_BUCKET_SECONDS} s, so a longer threshold never fires`,
          ),
        },
        cniStartupThreshold: {
          rule: 'a Duration > 0, whole ms, under 1 hour (the alert reports a start during the first hour of aws-node)',
          source: LIBRARY,
          check: duration(
            0,
            CNI_SLOW_START_REPORT_SECONDS - 0.001,
            IN_MS,
            `a slow start is reported during aws-node's first ${CNI_SLOW_START_REPORT_SECONDS / 60} minutes, so a longer threshold never fires`,
          ),
        },
        cniApiLatencyThreshold: {
          rule: 'a Duration > 0, whole ms',
          source: LIBRARY,
          check: duration(0, undefined, IN_MS),
        },
        cniApiErrorThreshold: { rule: 'whole number ≥ 0', source: LIBRARY, check: num },
        alertTopic: {
          rule: 'a standard SNS topic in the stack’s account and Region',
          source: 'AMP alert manager SNS receiver',
          check: topic,
        },
        alarmActions: { rule: 'alarm actions', source: TYPE, check: (p, v) => checkList(p, v, {}, alarmAction) },
        alertEmails: {
          rule: 'e-mail addresses, each once (in any case)',
          source: 'SNS email subscriptions',
          // Mail systems treat addresses without regard to case: two spellings are one subscriber, mailed twice.
          check: (p, v) =>
            checkList(p, v, { sameEntry: (e) => (typeof e === 'string' ? e.toLowerCase() : e) }, checkStringType),
        },
        alertHttpsUrls: {
          rule: 'https:// URLs with a host, each once',
          source: 'SNS HTTPS subscriptions',
          check: (p, v) => checkList(p, v, {}, checkStringType),
        },
        controlPlaneThrottleThreshold: { rule: 'whole number ≥ 1', source: LIBRARY, check: num },
        ec2ApiCallsPerMinuteThreshold: { rule: 'whole number ≥ 1', source: LIBRARY, check: num },
      },
    },
    NetworkObservabilityProps: {
      extends: ['NetworkObservabilityOptions'],
      props: { cluster: { rule: 'an aws-eks-v2 ICluster', source: TYPE, check: cluster } },
    },
    NetworkBaselineProps: {
      props: {
        terminatedPodGcThreshold: {
          rule: 'whole number ≥ 1 terminated pods; a cluster created in this app',
          source: 'EKS cluster kubeControllerManagerConfig.podGcControllerConfig',
          check: num,
        },
        cluster: { rule: 'an aws-eks-v2 ICluster', source: TYPE, check: cluster },
        vpcCniOptions: { rule: 'see VpcCniOptions', source: TYPE, struct: 'VpcCniOptions' },
        coreDns: { rule: 'boolean', source: TYPE, check: checkBoolean },
        coreDnsOptions: {
          rule: 'see CoreDnsOptions; an error when coreDns is false (the options would be ignored)',
          source: TYPE,
          struct: 'CoreDnsOptions',
        },
        kubeProxy: { rule: 'boolean', source: TYPE, check: checkBoolean },
        kubeProxyOptions: {
          rule: 'see KubeProxyOptions; an error when kubeProxy is false (the options would be ignored)',
          source: TYPE,
          struct: 'KubeProxyOptions',
        },
        nodeLocalDns: { rule: 'boolean', source: TYPE, check: checkBoolean },
        nodeLocalDnsOptions: {
          rule: 'see NodeLocalDnsCacheOptions; an error when nodeLocalDns is false (the options would be ignored)',
          source: TYPE,
          struct: 'NodeLocalDnsCacheOptions',
        },
        observability: { rule: 'boolean', source: TYPE, check: checkBoolean },
        observabilityOptions: {
          rule: 'see NetworkObservabilityOptions; an error when observability is false (the options would be ignored)',
          source: TYPE,
          struct: 'NetworkObservabilityOptions',
        },
        guardrails: { rule: 'boolean', source: TYPE, check: checkBoolean },
      },
    },
    NetkitGuardrailsOptions: {
      props: {
        ec2ApiLimits: {
          rule: 'per EC2 API: see Ec2ApiLimit; only APIs the call model counts',
          source: 'EC2 API throttling (docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html)',
          struct: 'Ec2ApiLimit',
          mapOf: EC2_API_NAMES,
        },
        ec2ApiBurstSeconds: {
          rule: 'whole number ≥ 0 seconds, known at synth (not a token)',
          source: 'EC2 API throttling (docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html)',
          check: synthNumber(0),
        },
        otherEc2ApiTrafficPercent: {
          rule: 'whole number 0-99 %, known at synth',
          source: LIBRARY,
          check: synthNumber(0, 99),
        },
      },
    },
    MaxPodsOptions: {
      props: {
        podNetworking: { rule: 'a PodNetworking', source: TYPE, check: podNetworking },
        maxPods: {
          rule: 'whole number ≥ 3 (the host-network pods count too), known at synth',
          source: 'EKS max-pods',
          check: synthNumber(undefined, undefined, 'max pods is computed at synth'),
        },
        podsPerCore: {
          rule: 'whole number ≥ 1, known at synth',
          source: 'kubelet podsPerCore',
          check: synthNumber(undefined, undefined, 'max pods is computed at synth'),
        },
        reservedEnis: {
          rule: 'whole number ≥ 0, below the type’s ENIs, known at synth',
          source: 'Karpenter reservedENIs',
          check: synthNumber(undefined, undefined, 'max pods is computed at synth'),
        },
      },
    },
  };
}

/** A string the library needs at synth (an instance type): a deploy-time token cannot stand for it. */
function synthString(why: string, example = "'m6i.xlarge'") {
  return (prop: string, value: unknown): Check =>
    typeof value === 'string' && isToken(value)
      ? { prop, value, rule: `is a deploy-time token, but ${why}`, fix: `pass the value itself, e.g. ${example}` }
      : checkStringType(prop, value);
}

/**
 * A number the library needs at synth (a guardrail threshold, a volume size, a max-pods input): a deploy-time token
 * cannot stand for it, and its encoding number must never reach arithmetic or a message.
 */
export function synthNumber(min?: number, max?: number, why = 'guardrails compare it at synth', integer = true) {
  return (prop: string, value: unknown): Check => {
    if (isToken(value)) {
      return { prop, value, rule: `is a deploy-time token, but ${why}`, fix: 'pass a number' };
    }
    return checkNumber(prop, value, { min, max, integer });
  };
}

/** A figure of an EC2 API token bucket: given, above 0 (the capacity in whole tokens), known at synth. */
function bucketFigure(integer: boolean) {
  const fix = 'as in the EC2 throttling table, e.g. { "bucketMaximumCapacity": 100, "bucketRefillRate": 5 }';
  return (prop: string, value: unknown): Check => {
    // Required: a bucket has both figures.
    if (value === undefined || (typeof value === 'number' && !isToken(value) && value <= 0)) {
      return { prop, value, rule: 'must be a number above 0', fix };
    }
    return synthNumber(
      integer ? 1 : undefined,
      undefined,
      'the EC2 API budget is computed from it at synth',
      integer,
    )(prop, value);
  };
}

/** A domain resolvers answer for: no label of it is longer than the 63 octets DNS allows. */
function shortDnsLabels(prop: string, value: unknown): Check {
  if (typeof value !== 'string' || isToken(value)) return undefined;
  const long = value.split('.').find((label) => label.length > 63);
  return long === undefined
    ? undefined
    : { prop, value, rule: `has a label of ${long.length} characters; DNS allows at most 63`, fix: 'shorten it' };
}

/** A script cloud-init can run: it executes a text/x-shellscript part as a file, so the part names its interpreter. */
function shebang(prop: string, value: unknown): Check {
  if (typeof value !== 'string' || isToken(value) || value.startsWith('#!')) return undefined;
  return {
    prop,
    value,
    rule: 'does not start with #!, so cloud-init cannot run it (it executes each script part as a program)',
    fix: "begin it with '#!/bin/bash'",
  };
}

/** A Karpenter release as its Helm chart is versioned (X.Y.Z, no leading v): compared with the matrix at synth. */
function karpenterRelease(prop: string, value: unknown): Check {
  if (isToken(value)) {
    return {
      prop,
      value,
      rule: 'is a deploy-time token, but the library checks the release against its compatibility matrix at synth',
      fix: "give the release itself, e.g. '1.15.2'",
    };
  }
  if (value === undefined || checkStringType(prop, value)) return checkStringType(prop, value);
  const text = value as string;
  if (/^\d+\.\d+\.\d+$/.test(text)) {
    // Controllers before 1.0 work with v1beta1 objects; the library renders v1 ones (AMI aliases are v1 only).
    return Number(text.split('.')[0]) > 0
      ? undefined
      : {
          prop,
          value,
          rule: 'is a Karpenter release before 1.0, whose controller works with the v1beta1 APIs, but the library renders karpenter.sh/v1 and karpenter.k8s.aws/v1 objects',
          fix: "upgrade Karpenter to 1.x (karpenter.sh/docs/upgrading/v1-migration), e.g. '1.15.2'",
        };
  }
  return {
    prop,
    value,
    rule: 'is not a Karpenter release X.Y.Z (the Helm chart version has no leading v)',
    fix: /^v\d+\.\d+\.\d+$/.test(text) ? `drop the v: '${text.slice(1)}'` : "e.g. '1.15.2'",
  };
}

/** A Kubernetes minor as text ('1.35'): a number would lose trailing zeros (1.30 is 1.3). */
function kubernetesMinor(prop: string, value: unknown): Check {
  if (isToken(value)) {
    return {
      prop,
      value,
      rule: 'is a deploy-time token, but the Karpenter release is chosen for it at synth',
      fix: "give the minor itself, e.g. '1.35'",
    };
  }
  if (typeof value === 'number') {
    return {
      prop,
      value,
      rule: 'is a number, not text (1.30 would read as 1.3)',
      fix: "pass it in quotes, e.g. '1.35'",
    };
  }
  if (value === undefined || checkStringType(prop, value)) return checkStringType(prop, value);
  return /^\d+\.\d+$/.test(value as string)
    ? undefined
    : { prop, value, rule: 'is not a Kubernetes minor X.Y', fix: "e.g. '1.35'" };
}

/** Helm values: an object whose groups the construct merges into (settings, serviceAccount, controller) are objects. */
function helmValues(prop: string, value: unknown): Check {
  const isMap = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v) && !isConstructLike(v);
  const fix = 'pass an object of chart values, e.g. { controller: { resources: { ... } } }, not YAML text or a list';
  if (value === null) return { prop, value, rule: 'is null, not an object of chart values', fix: 'leave it out' };
  if (value === undefined || isToken(value)) return undefined;
  if (!isMap(value)) return { prop, value, rule: 'is not an object of chart values', fix };
  const groups: Array<[string, unknown]> = [
    ['settings', (value as any).settings],
    ['serviceAccount', (value as any).serviceAccount],
    ['controller', (value as any).controller],
    ['settings.awsFeatureGates', (value as any).settings?.awsFeatureGates],
  ];
  for (const [group, v] of groups) {
    if (v !== undefined && !isMap(v)) {
      return {
        prop: `${prop}.${group}`,
        value: v,
        rule: 'is not an object; the construct merges its own values into this group',
        fix: `pass { ... } for ${group}`,
      };
    }
  }
  return undefined;
}

/** The VPC CNI's pod networking: Auto Mode's is AWS's own, which the CNI cannot run. */
function cniPodNetworking(prop: string, value: unknown): Check {
  return (
    podNetworking(prop, value) ??
    ((value as { autoModeEnabled?: boolean } | undefined)?.autoModeEnabled
      ? {
          prop,
          value,
          rule: 'is Auto Mode pod networking, which AWS runs on Auto Mode nodes without the VPC CNI add-on',
          fix: 'pass PodNetworking.secondaryIps() or PodNetworking.prefixDelegation() for the VPC CNI',
        }
      : undefined)
  );
}

/**
 * The first problem of a map of structs (ec2ApiLimits): a map, each key one the library knows, each entry an object
 * with its struct's rules. A deploy-time token cannot stand for it: the library reads the entries at synth.
 */
export function findMapProblem(
  structName: string,
  keys: MapKeys,
  value: unknown,
  prop: string,
  rules = propRules(),
): string | undefined {
  if (value === undefined) return undefined;
  const fix = `pass { <${keys.name}>: { ... } }`;
  if (isToken(value)) {
    return problemMessage({ prop, value, rule: 'is a deploy-time token, but the library reads it at synth', fix });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value) || isConstructLike(value)) {
    return problemMessage({ prop, value, rule: `is not a map of ${keys.name} to ${structName}`, fix });
  }
  // Entries are named from the map (`CreateTags.bucketRefillRate`), after the prop or flag that gave it.
  const problem = mapEntryProblem(structName, keys, value as Record<string, unknown>, rules);
  return problem && `${prop}: ${problem}`;
}

function mapEntryProblem(
  structName: string,
  keys: MapKeys,
  map: Record<string, unknown>,
  rules: Record<string, StructRules>,
): string | undefined {
  const known = keys.known();
  for (const [name, entry] of Object.entries(map)) {
    if (!known.includes(name)) {
      const meant = closestName(name, known);
      return `'${shortenText(name, 40)}' ${keys.unknown} (${known.join(', ')}); ${meant ? `did you mean '${meant}'?` : 'drop it or check the spelling'}`;
    }
    // An entry set to null is not "no entry": it would silently be read as the default.
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      return problemMessage({
        prop: name,
        value: entry,
        rule: `is not ${withArticle(structName)} object`,
        fix: `pass ${structName} ({ ... })`,
      });
    }
    const nested = findPropProblem(structName, entry, `${name}.`, rules);
    if (nested) return nested;
  }
  return undefined;
}

/** The props of a struct with those it extends, in declaration order. */
export function structProps(name: string, rules = propRules()): Record<string, PropRule> {
  const struct = rules[name];
  if (!struct) throw new Error(`no rules for struct ${name}`);
  return Object.assign({}, ...(struct.extends ?? []).map((base) => structProps(base, rules)), struct.props);
}

/**
 * Check every prop of a struct (and of the structs nested in it) against its rule; the first problem is raised with
 * the construct path. Missing props objects are refused by name.
 */
export function validateProps(
  scope: IConstruct | undefined,
  structName: string,
  props: unknown,
  prefix = '',
  name = 'props',
): void {
  const problem = findPropProblem(structName, props, prefix, propRules(), name);
  if (problem) throw new NetkitValidationError(problem, scope);
}

/** The first problem of a struct's props, as a message; undefined when every prop passes. */
export function findPropProblem(
  structName: string,
  props: unknown,
  prefix = '',
  rules = propRules(),
  name = 'props',
): string | undefined {
  const label = prefix ? prefix.replace(/\.$/, '') : name;
  const kind = `${withArticle(structName)} object`;
  if (props === undefined || props === null || typeof props !== 'object' || Array.isArray(props)) {
    // A nested struct set to null is an optional prop given as null (jsii languages' None): say so, not "missing".
    const check = checkObject(label, props, kind, () => false, `pass ${structName} ({ ... })`, !prefix);
    return check ? problemMessage(check) : undefined;
  }
  if (isToken(props)) return undefined;
  // A construct has props of its own (node, env…): it is the wrong object here, not a struct with unknown keys.
  if (Construct.isConstruct(props)) {
    return problemMessage(checkObject(label, props, kind, () => false, `pass ${structName} ({ ... })`)!);
  }
  const known = structProps(structName, rules);
  const unknown = unknownKey(props as Record<string, unknown>, known);
  if (unknown !== undefined) return unknownKeyMessage(structName, unknown, prefix, Object.keys(known));
  for (const [propName, rule] of Object.entries(known)) {
    const value = (props as Record<string, unknown>)[propName];
    const prop = `${prefix}${propName}`;
    const found = rule.check?.(prop, value);
    if (found) return problemMessage(found);
    if (rule.struct && value !== undefined) {
      if (rule.mapOf) {
        const nested = findMapProblem(rule.struct, rule.mapOf, value, prop, rules);
        if (nested) return nested;
      } else if (rule.listOf) {
        const list = checkList(prop, value);
        if (list) return problemMessage(list);
        for (let i = 0; i < (value as unknown[]).length; i++) {
          const nested = findPropProblem(rule.struct, (value as unknown[])[i], `${prop}[${i}].`, rules);
          if (nested) return nested;
        }
      } else {
        const nested = findPropProblem(rule.struct, value, `${prop}.`, rules);
        if (nested) return nested;
      }
    }
  }
  return undefined;
}

/**
 * The first key of a props object that is not a prop of its struct: a misspelling (`maxsize`) or a prop of another
 * struct, which would otherwise be silently ignored. Keys set to undefined say nothing, so they pass.
 */
function unknownKey(props: Record<string, unknown>, known: Record<string, PropRule>): string | undefined {
  return Object.keys(props).find((k) => !Object.hasOwn(known, k) && props[k] !== undefined);
}

function unknownKeyMessage(structName: string, given: string, prefix: string, props: string[]): string {
  const shown = shortenText(given, 40);
  const where = prefix ? ` (${prefix}${shown})` : '';
  const meant = closestName(given, props);
  return (
    `${structName} has no prop '${shown}'${where}; ` +
    (meant ? `did you mean '${meant}'? Its props are: ` : 'its props are: ') +
    props.join(', ')
  );
}

/** The prop a misspelt key most likely meant: same letters in another case, else the nearest by edit distance. */
export function closestName(given: string, names: readonly string[]): string | undefined {
  const lower = given.toLowerCase();
  const sameCase = names.find((n) => n.toLowerCase() === lower);
  if (sameCase) return sameCase;
  const scored = names
    .map((n) => ({ n, d: editDistance(lower, n.toLowerCase()) }))
    .sort((a, b) => a.d - b.d || a.n.localeCompare(b.n));
  const best = scored[0];
  // Up to a third of the key's letters may differ (at least 2): further off, a guess misleads more than it helps.
  if (best && best.d <= Math.max(2, Math.floor(given.length / 3))) return best.n;
  // A key that is the start or the end of a prop (`size` for `sizeGiB`) names it too.
  return names.find((n) => n.toLowerCase().startsWith(lower) || n.toLowerCase().endsWith(lower));
}

/**
 * A batch/v1 Job's own fields, as the API server checks them: metadata.name a DNS subdomain (kubectl apply takes no
 * generateName), metadata.namespace a DNS label, and spec with its pod template. Another kind is left to ClusterJob,
 * which names the kind it takes.
 */
function jobManifest(prop: string, value: unknown): Check {
  if (isToken(value)) return undefined;
  const m = value as { apiVersion?: unknown; kind?: unknown; metadata?: any; spec?: any };
  if (m.apiVersion !== 'batch/v1' || m.kind !== 'Job') return undefined;
  const example =
    "{ metadata: { name: 'db-migrate' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [...] } } } }";
  if (m.metadata === undefined || m.metadata === null || typeof m.metadata !== 'object' || Array.isArray(m.metadata)) {
    return {
      prop: `${prop}.metadata`,
      value: m.metadata,
      rule: `${m.metadata == null ? 'is missing' : 'is not an object'}; a Job needs metadata.name`,
      fix: `give ${example}`,
    };
  }
  if (m.metadata.name === undefined) {
    return {
      prop: `${prop}.metadata.name`,
      value: undefined,
      rule: 'is missing; a Job applied by kubectl needs a name',
      fix: "give e.g. 'db-migrate'",
    };
  }
  const named =
    checkKubernetesName(`${prop}.metadata.name`, m.metadata.name, 'db-migrate') ??
    checkDnsLabel(`${prop}.metadata.namespace`, m.metadata.namespace, 'default');
  if (named) return named;
  // The Job controller labels its pods with the Job's name, and a label value holds at most 63 characters.
  if (typeof m.metadata.name === 'string' && !isToken(m.metadata.name) && m.metadata.name.length > 63) {
    return {
      prop: `${prop}.metadata.name`,
      value: m.metadata.name,
      rule: 'is longer than 63 characters, the most a Job name can have (its pods carry it as a label value)',
      fix: 'shorten it',
    };
  }
  if (m.spec === undefined || m.spec === null || typeof m.spec !== 'object' || Array.isArray(m.spec)) {
    return {
      prop: `${prop}.spec`,
      value: m.spec,
      rule: `${m.spec == null ? 'is missing' : 'is not an object'}; a Job needs spec.template, the pod it runs`,
      fix: `give ${example}`,
    };
  }
  if (isToken(m.spec)) return undefined;
  const template = m.spec.template;
  if (template === undefined || template === null || typeof template !== 'object' || Array.isArray(template)) {
    return {
      prop: `${prop}.spec.template`,
      value: template,
      rule: `${template == null ? 'is missing' : 'is not an object'}; a Job needs the pod template it runs`,
      fix: `give ${example}`,
    };
  }
  const restartPolicy = template.spec?.restartPolicy;
  if (restartPolicy !== undefined && !isToken(restartPolicy) && !['Never', 'OnFailure'].includes(restartPolicy)) {
    return {
      prop: `${prop}.spec.template.spec.restartPolicy`,
      value: restartPolicy,
      rule: 'is not Never or OnFailure, the restart policies a Job takes',
      fix: "use 'Never' or 'OnFailure'",
    };
  }
  return checkNumber(`${prop}.spec.ttlSecondsAfterFinished`, m.spec.ttlSecondsAfterFinished, { min: 0 });
}

/** Taints are distinct by key and effect: EKS and Kubernetes refuse a second taint of the same pair. */
function distinctTaints(prop: string, value: unknown): Check {
  return checkDistinctBy(
    prop,
    value,
    (t) => {
      const { key: taintKey, effect } = (t ?? {}) as { key?: unknown; effect?: unknown };
      return typeof taintKey === 'string' && typeof effect === 'string' && !isToken(taintKey)
        ? `${taintKey}:${effect}`
        : undefined;
    },
    'key and effect',
    'give each key and effect once (one taint per key and effect), or drop the duplicate',
  );
}

/**
 * An EKS AMI release for Karpenter's alias: 'latest', an AL2023 release vYYYYMMDD (a real date) or a Bottlerocket
 * release vX.Y.Z; which one the nodeImage takes, KarpenterNodeClass checks.
 */
function amiReleaseVersion(prop: string, value: unknown): Check {
  const type = checkStringType(prop, value);
  if (type || value === undefined || isToken(value)) return type;
  const v = value as string;
  if (v === 'latest' || /^v\d+\.\d+\.\d+$/.test(v)) return undefined;
  const date = /^v(\d{8})$/.exec(v);
  if (date && isCalendarDate(date[1])) return undefined;
  return {
    prop,
    value,
    rule: date
      ? 'is not a real date (vYYYYMMDD: month 01-12, a day of that month)'
      : 'is not an EKS AMI release: use vYYYYMMDD for AL2023, vX.Y.Z for Bottlerocket, or latest',
    fix: "e.g. 'v20260714' (AL2023), 'v1.42.0' (Bottlerocket) or 'latest'",
  };
}

/** The ids of selector terms are IDs of the kind the list selects: subnet-… for subnets, sg-… for security groups. */
function selectorTermIds(prefix: 'subnet' | 'sg') {
  return (prop: string, value: unknown): Check => {
    if (!Array.isArray(value) || isToken(value)) return undefined;
    for (let i = 0; i < value.length; i++) {
      const term = value[i];
      if (term === null || typeof term !== 'object' || isToken(term) || term.id === undefined) continue;
      const found = checkEc2ResourceId(`${prop}[${i}].id`, term.id, [prefix]);
      if (found) return found;
    }
    return undefined;
  };
}

let categories: Set<string> | undefined;
/** The categories of the instance types the library knows: the letters before the generation, as Auto Mode labels them. */
function instanceCategoryNames(): Set<string> {
  categories ??= new Set(
    knownInstanceTypes()
      .map(instanceCategoryOf)
      .filter((c): c is string => c !== undefined),
  );
  return categories;
}

/** An eks.amazonaws.com/instance-category value: one of the known instance types'. */
function instanceCategory(prop: string, value: unknown): Check {
  const type = checkStringType(prop, value);
  if (type || value === undefined || isToken(value)) return type;
  const known = instanceCategoryNames();
  return known.has(value as string)
    ? undefined
    : {
        prop,
        value,
        rule: `is not an instance category (the letters before the generation of an instance type, e.g. c of c7i.large); known: ${[...known].sort().join(', ')}`,
        fix: "e.g. ['c', 'm', 'r']",
      };
}

/**
 * An AMP workspace ARN: arn:partition:aps:region:account:workspace/ followed by the workspace ID AMP issues
 * (ws-…, at most 64 characters). Its partition, Region and account are checked against the stack by the construct.
 */
function ampWorkspaceArn(prop: string, value: unknown): Check {
  const example = 'arn:aws:aps:us-east-1:123456789012:workspace/ws-1234abcd-12ab-34cd-56ef-1234567890ab';
  const arn = checkArn(prop, value, { service: 'aps', resourceType: 'workspace', example });
  if (arn || value === undefined || isToken(value)) return arn;
  const id = (value as string).slice((value as string).indexOf(':workspace/') + ':workspace/'.length);
  return /^ws-[0-9A-Za-z][-.0-9A-Za-z_]{0,60}$/.test(id)
    ? undefined
    : {
        prop,
        value,
        rule: `has no workspace ID after workspace/ (${id === '' ? 'none' : `'${id}'`}; AMP's IDs are ws-…)`,
        fix: `e.g. ${example}`,
      };
}
