import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { AutoModeFacts, autoModeFacts } from './auto-mode-facts';
import {
  DecodedConfiguration,
  cfnSubnetFacts,
  decodeConfiguration,
  jsonWithTokens,
  literal,
  propertiesOf,
  userDataText,
} from './resource-reader';
import { UserDataFacts, nodeBootFacts, userDataFacts } from './user-data-facts';
import { VpcCni } from '../addons/vpc-cni';
import { readVersion } from '../capacity/cni-version';
import { PodNetworking } from '../capacity/pod-networking';
import { ClusterNetworkingContext } from '../cluster/cluster-networking-context';
import { clusterSubnetOf, clusterVpcOf } from '../cluster/cluster-subnet';
import { VpcCniEnvProblem, readVpcCniEnv } from '../cni/vpc-cni-codec';
import { GATE_CONTAINER_NAME } from '../manifests/endpoint-gate';
import { isNetkitValidationError } from '../private/validation-error';

/** A managed node group as its CloudFormation resources describe it. */
export interface NodegroupFacts {
  readonly resource: CfnResource;
  /** The `NodegroupName`, when a literal (CloudFormation names the others). */
  readonly name?: string;
  /** The AMI type, when set. */
  readonly amiType?: string;
  /** Known instance types (empty when they are tokens). */
  readonly instanceTypes: string[];
  readonly minSize?: number;
  readonly maxSize?: number;
  /** The launch template, when it is in the same stack. */
  readonly launchTemplate?: CfnResource;
  /** Its user data, when known at synth. */
  readonly userData?: UserDataFacts;
  /** Launch template block devices: [] without any, undefined when they hold deploy-time values. */
  readonly blockDevices?: Array<{ DeviceName?: string; Ebs?: { VolumeType?: string } }>;
  /** `HttpTokens` of the launch template, when set. */
  readonly httpTokens?: string;
  /** CIDRs of its subnets, when every subnet is a CfnSubnet of the stack with a literal CIDR. */
  readonly subnetCidrs?: Array<{ cidr: string; az?: string }>;
  /** Its EC2 Auto Scaling warm pool, when enabled with known values. */
  readonly warmPool?: {
    readonly minSize?: number;
    readonly maxGroupPreparedCapacity?: number;
    readonly poolState?: string;
    readonly reuseOnScaleIn?: boolean;
  };
  /**
   * Its subnets of the stack with their IPv6 settings: whether they have an IPv6 block and auto-assign IPv6
   * addresses (subnets from outside the stack are left out: they cannot be read).
   */
  readonly subnetsIpv6: Array<{
    readonly subnet: CfnResource;
    readonly ipv6Cidr: boolean;
    readonly autoAssign: boolean;
  }>;
}

/** A vpc-cni add-on as the stack configures it. */
export interface CniAddonFacts {
  readonly resource: CfnResource;
  /** The parsed `env`; undefined when the configuration could not be read. */
  readonly env?: Record<string, string>;
  readonly version?: string;
  readonly configuration: any;
  /** The mode its env configures; undefined when it could not be read. */
  readonly podNetworking?: PodNetworking;
  /** Why its configuration could not be read, naming what was unreadable. */
  readonly problem?: string;
  /** Whether it is the add-on of the library's VpcCni (which the cluster's context already knows). */
  readonly library: boolean;
}

/** One cluster's add-ons, node groups and manifests in a stack, keyed by its resolved name. */
export interface ClusterFacts {
  readonly key: string;
  /** The cluster resource, when it is in the stack. */
  resource?: CfnResource;
  /**
   * The VPC CNI add-on the checks read, when the stack configures one: the library's VpcCni's, else the first. Its
   * `env` is undefined when its configuration could not be read (said as NETKIT-FACTS).
   */
  cniAddon?: CniAddonFacts;
  /** Every vpc-cni add-on of the cluster in the stack, in construct order (more than one is NETKIT-CNI3). */
  readonly cniAddons: CniAddonFacts[];
  /**
   * The cluster's pod-networking mode: its networking context's, else what a VPC CNI add-on of the stack configures,
   * else the VPC CNI defaults for a cluster created in the stack; undefined when unknown.
   */
  podNetworking?: PodNetworking;
  /** The cluster's networking context, when the app has one for it. */
  context?: ClusterNetworkingContext;
  /** The mode a VPC CNI add-on of the stack configures, read from its configuration. */
  addonPodNetworking?: PodNetworking;
  /** The cluster's IP family (`ipv4` or `ipv6`), when its resource is in the stack with a literal value. */
  ipFamily?: string;
  /** The coredns add-on; `configuration` is undefined when it holds deploy-time values. */
  coreDns?: { readonly resource: CfnResource; readonly configuration?: any };
  readonly nodegroups: NodegroupFacts[];
  /** Kubernetes objects applied through the cluster, with the resource that applies them. */
  readonly manifests: Array<{ readonly resource: CfnResource; readonly object: any }>;
  /** DaemonSet patches: resource name, and whether the patch adds the library's gate. */
  readonly patches: Array<{
    readonly resource: CfnResource;
    readonly resourceName: string;
    readonly addsGate: boolean;
  }>;
  /** Helm releases: chart name and values. */
  readonly charts: Array<{ readonly resource: CfnResource; readonly chart: string; readonly values: any }>;
}

/** What the guardrails read from one stack. */
export interface StackFacts {
  readonly stack: Stack;
  readonly clusters: ClusterFacts[];
  /** Resources the guardrails could not read, with the reason: reported, never a crash. */
  readonly unreadable: Array<{ readonly construct: IConstruct; readonly message: string }>;
  /** Checks that could not run for want of a fact (an unknown mode, a subnet without its CIDR), said once each. */
  readonly uncheckable: Array<{ readonly construct: IConstruct; readonly message: string }>;
  /** The Auto Mode NodeClasses and NodePools the stack applies. */
  readonly autoMode: AutoModeFacts;
}

/** The resource types read before node groups (add-ons and what is applied through the cluster). */
const READ_FIRST = [
  'AWS::EKS::Addon',
  'Custom::AWSCDK-EKS-KubernetesResource',
  'Custom::AWSCDK-EKS-KubernetesPatch',
  'Custom::AWSCDK-EKS-HelmChart',
];

/** Gather the facts of one stack: only what is known at synth; tokens are skipped, never guessed. */
export function stackFacts(stack: Stack): StackFacts {
  const clusters = new Map<string, ClusterFacts>();
  const clusterOf = (clusterName: unknown): ClusterFacts => {
    const key = JSON.stringify(stack.resolve(clusterName));
    let facts = clusters.get(key);
    if (!facts) {
      facts = {
        key,
        context: contexts.get(key),
        cniAddons: [],
        nodegroups: [],
        manifests: [],
        patches: [],
        charts: [],
      };
      clusters.set(key, facts);
    }
    return facts;
  };
  const all = stack.node.findAll();
  const resources = all.filter((c): c is CfnResource => CfnResource.isCfnResource(c) && Stack.of(c) === stack);
  const contexts = contextsSeenFrom(stack);
  const subnetIndex = knownSubnets(stack, contexts.values());
  const bootOf = new Map(
    [...contexts.values()].flatMap((c) => c._nodeBoots.map((n) => [n.nodegroup.node.defaultChild, n.boot] as const)),
  );
  const byLogicalId = new Map(resources.map((r) => [stack.resolve(r.logicalId) as string, r]));
  const referenced = (value: unknown): CfnResource | undefined => {
    const ref = stack.resolve(value)?.Ref;
    return typeof ref === 'string' ? byLogicalId.get(ref) : undefined;
  };

  const unreadable: StackFacts['unreadable'] = [];
  const uncheckable: StackFacts['uncheckable'] = [];
  /** Read one resource; one the guardrails cannot read is reported, not a crash (a user's validation error still stops synth). */
  const read = (r: CfnResource, body: () => void) => {
    try {
      body();
    } catch (err) {
      if (isNetkitValidationError(err)) throw err;
      unreadable.push({ construct: r, message: (err as Error)?.message ?? String(err) });
    }
  };

  for (const r of resources.filter((x) => READ_FIRST.includes(x.cfnResourceType))) {
    read(r, () => readClusterResource(r));
  }
  function readClusterResource(r: CfnResource) {
    const props = propertiesOf(r);
    if (r.cfnResourceType === 'AWS::EKS::Addon') {
      const decoded: DecodedConfiguration =
        props.ConfigurationValues === undefined ? { value: {} } : decodeConfiguration(stack, props.ConfigurationValues);
      const configuration = 'value' in decoded ? decoded.value : undefined;
      const version = literal(stack, props.AddonVersion);
      if (props.AddonName === 'vpc-cni') {
        const facts = clusterOf(props.ClusterName);
        const library = r.node.scope instanceof VpcCni && r.node.scope.addon === r;
        const envRead = vpcCniEnvOf(decoded);
        const parsed = 'env' in envRead ? readVpcCniEnv(envRead.env, version) : undefined;
        const addon: CniAddonFacts = {
          resource: r,
          env: 'env' in envRead ? envRead.env : undefined,
          version,
          configuration,
          podNetworking: parsed && 'settings' in parsed ? parsed.settings.podNetworking : undefined,
          problem:
            'problem' in envRead
              ? envRead.problem
              : parsed && 'problem' in parsed
                ? envProblemText(parsed.problem)
                : undefined,
          library,
        };
        facts.cniAddons.push(addon);
        if (library || !facts.cniAddon) facts.cniAddon = addon;
        if (typeof version === 'string' && !readVersion(version)) {
          uncheckable.push({
            construct: r,
            message:
              `addon version '${version}' is not a version the guardrails read (X.Y.Z, vX.Y.Z-eksbuild.N), so whether ` +
              'this VPC CNI hands out prefixes (NETKIT-CAP3) was not checked',
          });
        }
      } else if (props.AddonName === 'coredns') {
        clusterOf(props.ClusterName).coreDns = { resource: r, configuration };
        if ('problem' in decoded) {
          uncheckable.push({
            construct: r,
            message: `the coredns add-on's ${decoded.problem}, so NETKIT-DNS1 did not check its replicas and zone spread`,
          });
        }
      }
    } else if (r.cfnResourceType === 'Custom::AWSCDK-EKS-KubernetesResource') {
      const objects = jsonWithTokens(stack, props.Manifest);
      for (const object of Array.isArray(objects) ? objects : []) {
        clusterOf(props.ClusterName).manifests.push({ resource: r, object });
      }
    } else if (r.cfnResourceType === 'Custom::AWSCDK-EKS-KubernetesPatch') {
      const patch = jsonWithTokens(stack, props.ApplyPatchJson);
      // The library writes its gate as a list of init containers; any other shape is not the library's gate.
      const initContainers = patch?.spec?.template?.spec?.initContainers;
      const addsGate =
        Array.isArray(initContainers) && initContainers.some((c: any) => c?.name === GATE_CONTAINER_NAME);
      clusterOf(props.ClusterName).patches.push({
        resource: r,
        resourceName: String(literal(stack, props.ResourceName) ?? ''),
        addsGate,
      });
    } else if (r.cfnResourceType === 'Custom::AWSCDK-EKS-HelmChart') {
      clusterOf(props.ClusterName).charts.push({
        resource: r,
        chart: String(literal(stack, props.Chart) ?? ''),
        values: jsonWithTokens(stack, props.Values) ?? {},
      });
    }
  }

  const missingCidrs: Array<{ resource: CfnResource; clusterName: unknown; subnets: SubnetFacts[] }> = [];
  for (const r of resources.filter((x) => x.cfnResourceType === 'AWS::EKS::Nodegroup')) {
    read(r, () => readNodegroup(r));
  }
  function readNodegroup(r: CfnResource) {
    const props = propertiesOf(r);
    const lt = props.LaunchTemplate?.Id !== undefined ? referenced(props.LaunchTemplate.Id) : undefined;
    const data =
      lt?.cfnResourceType === 'AWS::EC2::LaunchTemplate' ? (propertiesOf(lt).LaunchTemplateData ?? {}) : undefined;
    // The library's node groups say what they tell their nodes; other user data is parsed.
    const boot = bootOf.get(r);
    const userText =
      boot === undefined && data?.UserData !== undefined ? userDataText(stack, data.UserData) : undefined;
    const userData =
      boot !== undefined ? nodeBootFacts(boot()) : userText !== undefined ? userDataFacts(userText) : undefined;
    const scaling = props.ScalingConfig ?? {};
    const subnets = (Array.isArray(props.Subnets) ? props.Subnets : []).map((id: unknown) => {
      const known = subnetIndex.get(JSON.stringify(id));
      if (known) return known;
      const cfn = referenced(id);
      return {
        id: JSON.stringify(id),
        ...(cfn && ec2.CfnSubnet.isCfnSubnet(cfn) ? cfnSubnetFacts(stack, cfn) : {}),
      };
    });
    const subnetCidrs = subnets.every((s: SubnetFacts) => s.cidr !== undefined)
      ? subnets.map((s: SubnetFacts) => ({ cidr: s.cidr!, az: s.az }))
      : undefined;
    if (subnets.length > 0 && !subnetCidrs) {
      missingCidrs.push({
        resource: r,
        clusterName: props.ClusterName,
        subnets: subnets.filter((s: SubnetFacts) => !s.cidr),
      });
    }
    clusterOf(props.ClusterName).nodegroups.push({
      resource: r,
      name: typeof props.NodegroupName === 'string' ? props.NodegroupName : undefined,
      amiType: typeof props.AmiType === 'string' ? props.AmiType : undefined,
      instanceTypes: (Array.isArray(props.InstanceTypes) ? props.InstanceTypes : []).filter(
        (t: unknown) => typeof t === 'string',
      ),
      minSize: isKnownNumber(scaling.MinSize) ? scaling.MinSize : undefined,
      maxSize: isKnownNumber(scaling.MaxSize) ? scaling.MaxSize : undefined,
      launchTemplate: lt,
      userData,
      blockDevices: blockDevicesOf(stack, data?.BlockDeviceMappings),
      httpTokens: literal(stack, data?.MetadataOptions?.HttpTokens),
      subnetCidrs: subnetCidrs && subnetCidrs.length > 0 ? subnetCidrs : undefined,
      warmPool:
        props.WarmPoolConfig?.enabled === true
          ? {
              minSize: isKnownNumber(props.WarmPoolConfig.minSize) ? props.WarmPoolConfig.minSize : undefined,
              maxGroupPreparedCapacity: isKnownNumber(props.WarmPoolConfig.maxGroupPreparedCapacity)
                ? props.WarmPoolConfig.maxGroupPreparedCapacity
                : undefined,
              poolState: props.WarmPoolConfig.poolState,
              reuseOnScaleIn: props.WarmPoolConfig.reuseOnScaleIn === true,
            }
          : undefined,
      subnetsIpv6: (Array.isArray(props.Subnets) ? props.Subnets : []).flatMap((id: unknown) => {
        const subnet = referenced(id);
        if (subnet?.cfnResourceType !== 'AWS::EC2::Subnet') return [];
        const subnetProps = propertiesOf(subnet);
        return [
          {
            subnet,
            ipv6Cidr: subnetProps.Ipv6CidrBlock !== undefined,
            autoAssign: subnetProps.AssignIpv6AddressOnCreation === true,
          },
        ];
      }),
    });
  }
  for (const facts of clusters.values()) {
    const ref = JSON.parse(facts.key)?.Ref;
    const resource = typeof ref === 'string' ? byLogicalId.get(ref) : undefined;
    if (resource?.cfnResourceType === 'AWS::EKS::Cluster') {
      facts.resource = resource;
      const family = literal(stack, propertiesOf(resource).KubernetesNetworkConfig?.IpFamily);
      facts.ipFamily = typeof family === 'string' ? family.toLowerCase() : undefined;
    } else {
      // A cluster of another stack (or imported): its context knows the family, when anyone does.
      facts.ipFamily = facts.context?.ipFamily;
    }
    // The VPC CNI defaults of a cluster created in the stack: IPv6 mode on an IPv6 cluster, else secondary IPs.
    const defaults = facts.ipFamily === 'ipv6' ? PodNetworking.ipv6() : PodNetworking.secondaryIps();
    facts.addonPodNetworking = facts.cniAddon?.podNetworking;
    const settled = facts.context?._settledPodNetworking;
    // The context is the cluster's picture (a conflict in it stops synth); a plain add-on the user wrote comes next.
    // An add-on whose configuration could not be read leaves the mode unknown: never the defaults.
    facts.podNetworking =
      settled ??
      (facts.cniAddon
        ? facts.addonPodNetworking
        : facts.resource || (facts.context && facts.context.podNetworking)
          ? defaults
          : undefined);
    for (const addon of facts.cniAddons.filter((a) => a.problem !== undefined)) {
      uncheckable.push({
        construct: addon.resource,
        message:
          `the vpc-cni add-on's configuration could not be read: ${addon.problem}. ` +
          (settled
            ? `NETKIT-CNI1, CNI3 and IPV6-3 did not check it, and IP1, WARM1 and API1 used the VPC CNI's default warm ` +
              `targets; the other checks use podNetworking ${settled} from ${facts.context?._sourceOf('podNetworking')}`
            : "The cluster's pod networking is therefore unknown, so NETKIT-CAP1–CAP4, IP1, WARM1, API1, KUBELET1, " +
              'POD1, POD2, CNI1, CNI3, IPV6-2 and IPV6-3 did not check it. Fix the configuration, or declare the mode: ' +
              'ClusterNetworkingContext.of(cluster).declare({ podNetworking })'),
      });
    }
    if (!facts.podNetworking && facts.nodegroups.length > 0 && !facts.cniAddon?.problem) {
      uncheckable.push({
        construct: facts.nodegroups[0].resource,
        message:
          `how cluster ${clusterLabel(facts)} gives pods IPs is unknown (a cluster the app did not create, with ` +
          'no VpcCni and nothing declared), so NETKIT-CAP1–CAP4, IP1, API1, KUBELET1 and POD1 did not check its node ' +
          'groups. Declare it: ClusterNetworkingContext.of(cluster).declare({ podNetworking: PodNetworking.secondaryIps() })',
      });
    }
  }
  // Said once per cluster: which node groups' subnets have no CIDR the app knows.
  const byCluster = new Map<string, typeof missingCidrs>();
  for (const m of missingCidrs) {
    const key = JSON.stringify(stack.resolve(m.clusterName));
    byCluster.set(key, [...(byCluster.get(key) ?? []), m]);
  }
  for (const missing of byCluster.values()) {
    const ids = [...new Set(missing.flatMap((m) => m.subnets.map((s) => displayId(s.id))))];
    uncheckable.push({
      construct: missing[0].resource,
      message:
        `the CIDRs of subnet(s) ${ids.join(', ')} are unknown to the app, so NETKIT-IP1 could not check whether they ` +
        `hold node group(s) ${missing.map((m) => m.resource.node.path).join(', ')} at their maximum size. Give the CIDRs ` +
        'to Vpc.fromVpcAttributes (privateSubnetIpv4CidrBlocks) or import the VPC with Vpc.fromLookup',
    });
  }
  return {
    stack,
    clusters: [...clusters.values()],
    unreadable,
    uncheckable,
    autoMode: autoModeFacts(stack, resources, byLogicalId),
  };
}

/** Whether `resource` is ordered after `target`: a dependency of it or of any scope above it covers `target`. */
export function dependsOn(resource: IConstruct, target: IConstruct): boolean {
  const covers = (dep: IConstruct) => dep === target || target.node.scopes.includes(dep);
  const deps = [
    ...resource.node.scopes.flatMap((scope) => scope.node.dependencies),
    ...(CfnResource.isCfnResource(resource) ? resource.obtainDependencies() : []),
  ];
  return deps.some(covers);
}

/** True when a value is a usable literal number. */
export function isKnownNumber(value: unknown): value is number {
  return typeof value === 'number' && !Token.isUnresolved(value);
}

/** A subnet as the guardrails know it: its resolved ID (JSON), and its CIDR and AZ when literal. */
export interface SubnetFacts {
  readonly id: string;
  readonly cidr?: string;
  readonly az?: string;
}

/**
 * The clusters' contexts by the cluster name as this stack resolves it, across the app: a node group may live in
 * another stack than its cluster. A context of this stack wins over one elsewhere that resolves alike (a cluster at
 * the same path in another stack); two such elsewhere are ambiguous and left out.
 */
function contextsSeenFrom(stack: Stack): Map<string, ClusterNetworkingContext> {
  const here = new Map<string, ClusterNetworkingContext>();
  const elsewhere = new Map<string, ClusterNetworkingContext[]>();
  for (const c of stack.node.root.node.findAll()) {
    // A cluster of another account or Region cannot be referenced from this stack, so is not its node groups'.
    if (!ClusterNetworkingContext.isClusterNetworkingContext(c) || Stack.of(c).environment !== stack.environment) {
      continue;
    }
    const key = JSON.stringify(stack.resolve(c.cluster.clusterName));
    if (Stack.of(c) === stack) here.set(key, c);
    else elsewhere.set(key, [...(elsewhere.get(key) ?? []), c]);
  }
  for (const [key, found] of elsewhere) if (!here.has(key) && found.length === 1) here.set(key, found[0]);
  return here;
}

/**
 * The subnets the clusters' contexts know, keyed by resolved ID: those of their VPCs and of the library's node
 * groups, with CIDRs wherever the VPC gives them (created, fromVpcAttributes with CIDRs, fromLookup).
 */
function knownSubnets(stack: Stack, contexts: Iterable<ClusterNetworkingContext>): Map<string, SubnetFacts> {
  const index = new Map<string, SubnetFacts>();
  // Node groups share their VPC's subnets: each subnet object is resolved once.
  const seen = new Set<ec2.ISubnet>();
  const add = (subnet: ec2.ISubnet) => {
    if (seen.has(subnet)) return;
    seen.add(subnet);
    const known = clusterSubnetOf(subnet);
    const id = JSON.stringify(stack.resolve(known.subnetId));
    const cfn = subnet.node.defaultChild;
    const typed = cfn && ec2.CfnSubnet.isCfnSubnet(cfn) ? cfnSubnetFacts(stack, cfn) : {};
    const facts: SubnetFacts = { id, cidr: typed.cidr ?? known.ipv4CidrBlock, az: typed.az ?? known.availabilityZone };
    if (!index.get(id)?.cidr) index.set(id, facts);
  };
  for (const context of contexts) {
    const vpc = clusterVpcOf(context.cluster);
    if (vpc) [...vpc.publicSubnets, ...vpc.privateSubnets, ...vpc.isolatedSubnets].forEach(add);
    for (const compute of context._computeSubnets) compute.subnets.forEach(add);
  }
  return index;
}

/** A subnet ID for a message: the literal ID, or the logical ID of a reference. */
function displayId(id: string): string {
  const value = JSON.parse(id);
  return typeof value === 'string' ? value : typeof value?.Ref === 'string' ? value.Ref : id;
}

/** A cluster whose pod-networking mode is known. */
export type ClusterWithMode = ClusterFacts & { readonly podNetworking: PodNetworking };

/** The clusters whose mode is known: the checks that need it skip the others (said once, as uncheckable). */
export function clustersWithMode(facts: StackFacts): ClusterWithMode[] {
  return facts.clusters.filter((c): c is ClusterWithMode => c.podNetworking !== undefined);
}

/** How a value is shaped, for messages: `a list`, `a boolean`, `null`... */
export function shapeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * The `env` of a vpc-cni add-on's decoded configuration, or what made it unreadable. No configuration is the
 * add-on's defaults; anything else it cannot be read as is said, never read as the defaults.
 */
function vpcCniEnvOf(decoded: DecodedConfiguration): { env: Record<string, string> } | { problem: string } {
  if ('deployTime' in decoded) return { problem: decoded.deployTime };
  if ('problem' in decoded) return { problem: `its ${decoded.problem}` };
  const config = decoded.value;
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    return { problem: `its ConfigurationValues is ${shapeOf(config)}, not an object with an env` };
  }
  const env = config.env ?? {};
  if (env === null || typeof env !== 'object' || Array.isArray(env)) {
    return { problem: `env is ${shapeOf(env)} (${JSON.stringify(env)}), not an object of variables to strings` };
  }
  const wrong = Object.entries(env).filter(([, v]) => typeof v !== 'string');
  if (wrong.length > 0) {
    return {
      problem:
        `env ${wrong.map(([k, v]) => `${k} is ${JSON.stringify(v)} (${shapeOf(v)})`).join(', ')}: the vpc-cni ` +
        `add-on's schema takes env values as strings only, so EKS rejects this configuration. Write each value as a ` +
        'string (e.g. "true", "5")',
    };
  }
  return { env: env as Record<string, string> };
}

/** A problem of a hand-written env, naming the variable and its value. */
function envProblemText(problem: VpcCniEnvProblem): string {
  return problem.variable !== undefined
    ? `env ${problem.variable} is "${problem.value}": ${problem.reason}`
    : `its env breaks a rule of the VPC CNI: ${problem.reason}`;
}

/** Launch template block devices: [] without any; undefined when they hold deploy-time values or are no list. */
function blockDevicesOf(stack: Stack, mappings: unknown): NodegroupFacts['blockDevices'] {
  if (mappings === undefined) return [];
  const devices = literal(stack, mappings);
  return Array.isArray(devices) ? devices : undefined;
}

/** A cluster for messages: its construct path when the app knows it, else its resolved name. */
export function clusterLabel(cluster: ClusterFacts): string {
  return cluster.context?.cluster.node.path ?? cluster.resource?.node.path ?? cluster.key;
}
