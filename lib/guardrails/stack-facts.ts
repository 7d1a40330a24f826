import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { IConstruct } from 'constructs';
import { UserDataFacts, userDataFacts } from './user-data-facts';
import { PodNetworking } from '../capacity/pod-networking';
import { parseVpcCniEnv } from '../cni/vpc-cni-codec';
import { GATE_CONTAINER_NAME } from '../manifests/endpoint-gate';
import { isNetkitValidationError } from '../private/validation-error';

/** A managed node group as its CloudFormation resources describe it. */
export interface NodegroupFacts {
  readonly resource: CfnResource;
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

/** One cluster's add-ons, node groups and manifests in a stack, keyed by its resolved name. */
export interface ClusterFacts {
  readonly key: string;
  /** The cluster resource, when it is in the stack. */
  resource?: CfnResource;
  /** The VPC CNI add-on and its parsed `env`, when the stack configures it. */
  cniAddon?: {
    readonly resource: CfnResource;
    readonly env: Record<string, string>;
    readonly version?: string;
    readonly configuration: any;
  };
  /**
   * The pod-networking mode the VPC CNI configuration implies (when none: IPv6 mode on an IPv6 cluster, else
   * secondary IPs).
   */
  podNetworking: PodNetworking;
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
}

/**
 * A resource's CloudFormation properties (the names the guardrails use), resolved; deploy-time values stay as
 * intrinsic functions. L1s are read through their typed properties (the `isCfn…` checks match the aws-eks and
 * aws-eks-v2 classes alike).
 */
function propertiesOf(resource: CfnResource): any {
  const stack = Stack.of(resource);
  if (eks.CfnAddon.isCfnAddon(resource)) {
    return stack.resolve({
      AddonName: resource.addonName,
      AddonVersion: resource.addonVersion,
      ClusterName: resource.clusterName,
      ConfigurationValues: resource.configurationValues,
    });
  }
  if (eks.CfnNodegroup.isCfnNodegroup(resource)) {
    const scaling = stack.resolve(resource.scalingConfig) ?? {};
    const launchTemplate = stack.resolve(resource.launchTemplate);
    return {
      ClusterName: stack.resolve(resource.clusterName),
      AmiType: stack.resolve(resource.amiType),
      InstanceTypes: stack.resolve(resource.instanceTypes),
      Subnets: stack.resolve(resource.subnets),
      ScalingConfig: { MinSize: scaling.minSize, MaxSize: scaling.maxSize },
      LaunchTemplate: launchTemplate ? { Id: launchTemplate.id } : undefined,
    };
  }
  if (ec2.CfnLaunchTemplate.isCfnLaunchTemplate(resource)) {
    const data = stack.resolve(resource.launchTemplateData) ?? {};
    const devices = data.blockDeviceMappings;
    return {
      LaunchTemplateData: {
        UserData: data.userData,
        // Mappings holding deploy-time values stay as they are, so they read as unknown.
        BlockDeviceMappings:
          Array.isArray(devices) && literal(stack, devices) !== undefined
            ? devices.map((d: any) => ({
                DeviceName: d?.deviceName,
                Ebs: d?.ebs === undefined ? undefined : { VolumeType: d.ebs.volumeType },
              }))
            : devices === undefined
              ? undefined
              : devices,
        MetadataOptions: data.metadataOptions ? { HttpTokens: data.metadataOptions.httpTokens } : undefined,
      },
    };
  }
  if (ec2.CfnSubnet.isCfnSubnet(resource)) {
    return stack.resolve({
      CidrBlock: resource.cidrBlock,
      AvailabilityZone: resource.availabilityZone,
      Ipv6CidrBlock: resource.ipv6CidrBlock,
      AssignIpv6AddressOnCreation: resource.assignIpv6AddressOnCreation,
    });
  }
  if (eks.CfnCluster.isCfnCluster(resource)) {
    const config = stack.resolve(resource.kubernetesNetworkConfig);
    return { KubernetesNetworkConfig: config ? { IpFamily: config.ipFamily } : undefined };
  }
  return customResourceProperties(resource);
}

/**
 * The properties of a custom resource (kubectl manifests, patches, Helm charts). They have no typed L1, and
 * CfnResource gives no public read of its properties, so this reads what CloudFormation would be given.
 */
function customResourceProperties(resource: CfnResource): any {
  const stack = Stack.of(resource);
  const rendered = stack.resolve((resource as any)._toCloudFormation());
  const [body] = Object.values(rendered?.Resources ?? {}) as any[];
  return body?.Properties ?? {};
}

/** Resolve a value; undefined when it still holds a deploy-time token. */
function literal(stack: Stack, value: unknown): any {
  const resolved = stack.resolve(value);
  return JSON.stringify(resolved ?? null).includes('"Fn::') || JSON.stringify(resolved ?? null).includes('"Ref"')
    ? undefined
    : resolved;
}

/** A JSON string from CloudFormation, with each deploy-time part replaced by the text TOKEN. */
function jsonWithTokens(stack: Stack, value: unknown): any {
  const resolved = stack.resolve(value);
  const text =
    typeof resolved === 'string'
      ? resolved
      : Array.isArray(resolved?.['Fn::Join']?.[1])
        ? resolved['Fn::Join'][1].map((p: unknown) => (typeof p === 'string' ? p : 'TOKEN')).join('')
        : undefined;
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** User data text of a launch template, whether given as Fn::Base64 of a literal or as base64. */
function userDataText(stack: Stack, userData: unknown): string | undefined {
  const resolved = stack.resolve(userData);
  if (typeof resolved === 'string') return Buffer.from(resolved, 'base64').toString('utf8');
  const inner = resolved?.['Fn::Base64'];
  return typeof inner === 'string' ? inner : undefined;
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
        podNetworking: PodNetworking.secondaryIps(),
        nodegroups: [],
        manifests: [],
        patches: [],
        charts: [],
      };
      clusters.set(key, facts);
    }
    return facts;
  };
  const resources = stack.node
    .findAll()
    .filter((c): c is CfnResource => CfnResource.isCfnResource(c) && Stack.of(c) === stack);
  const byLogicalId = new Map(resources.map((r) => [stack.resolve(r.logicalId) as string, r]));
  const referenced = (value: unknown): CfnResource | undefined => {
    const ref = stack.resolve(value)?.Ref;
    return typeof ref === 'string' ? byLogicalId.get(ref) : undefined;
  };

  const unreadable: StackFacts['unreadable'] = [];
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
      const configuration =
        props.ConfigurationValues === undefined ? {} : jsonWithTokens(stack, props.ConfigurationValues);
      const version = literal(stack, props.AddonVersion);
      if (props.AddonName === 'vpc-cni') {
        const env = configuration?.env ?? {};
        const facts = clusterOf(props.ClusterName);
        facts.cniAddon = { resource: r, env, version, configuration };
        facts.podNetworking = parseVpcCniEnv(env, version).podNetworking;
      } else if (props.AddonName === 'coredns') {
        clusterOf(props.ClusterName).coreDns = { resource: r, configuration };
      }
    } else if (r.cfnResourceType === 'Custom::AWSCDK-EKS-KubernetesResource') {
      const objects = jsonWithTokens(stack, props.Manifest);
      for (const object of Array.isArray(objects) ? objects : []) {
        clusterOf(props.ClusterName).manifests.push({ resource: r, object });
      }
    } else if (r.cfnResourceType === 'Custom::AWSCDK-EKS-KubernetesPatch') {
      const patch = jsonWithTokens(stack, props.ApplyPatchJson);
      const addsGate = (patch?.spec?.template?.spec?.initContainers ?? []).some(
        (c: any) => c?.name === GATE_CONTAINER_NAME,
      );
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

  for (const r of resources.filter((x) => x.cfnResourceType === 'AWS::EKS::Nodegroup')) {
    read(r, () => readNodegroup(r));
  }
  function readNodegroup(r: CfnResource) {
    const props = propertiesOf(r);
    const lt = props.LaunchTemplate?.Id !== undefined ? referenced(props.LaunchTemplate.Id) : undefined;
    const data =
      lt?.cfnResourceType === 'AWS::EC2::LaunchTemplate' ? (propertiesOf(lt).LaunchTemplateData ?? {}) : undefined;
    const userData = data?.UserData !== undefined ? userDataText(stack, data.UserData) : undefined;
    const scaling = props.ScalingConfig ?? {};
    const subnets: Array<CfnResource | undefined> = Array.isArray(props.Subnets)
      ? props.Subnets.map((id: unknown) => referenced(id))
      : [];
    const subnetProps = subnets.map((s) => (s?.cfnResourceType === 'AWS::EC2::Subnet' ? propertiesOf(s) : undefined));
    const subnetCidrs = subnetProps.every((s) => typeof s?.CidrBlock === 'string')
      ? subnetProps.map((s) => ({
          cidr: s!.CidrBlock as string,
          az: typeof s!.AvailabilityZone === 'string' ? s!.AvailabilityZone : undefined,
        }))
      : undefined;
    clusterOf(props.ClusterName).nodegroups.push({
      resource: r,
      amiType: typeof props.AmiType === 'string' ? props.AmiType : undefined,
      instanceTypes: (Array.isArray(props.InstanceTypes) ? props.InstanceTypes : []).filter(
        (t: unknown) => typeof t === 'string',
      ),
      minSize: isKnownNumber(scaling.MinSize) ? scaling.MinSize : undefined,
      maxSize: isKnownNumber(scaling.MaxSize) ? scaling.MaxSize : undefined,
      launchTemplate: lt,
      userData: userData !== undefined ? userDataFacts(userData) : undefined,
      blockDevices: data?.BlockDeviceMappings === undefined ? [] : literal(stack, data.BlockDeviceMappings),
      httpTokens: literal(stack, data?.MetadataOptions?.HttpTokens),
      subnetCidrs: subnetCidrs && subnetCidrs.length > 0 ? subnetCidrs : undefined,
      subnetsIpv6: subnets.flatMap((subnet, i) =>
        subnet && subnetProps[i]
          ? [
              {
                subnet,
                ipv6Cidr: subnetProps[i].Ipv6CidrBlock !== undefined,
                autoAssign: subnetProps[i].AssignIpv6AddressOnCreation === true,
              },
            ]
          : [],
      ),
    });
  }
  for (const facts of clusters.values()) {
    const ref = JSON.parse(facts.key)?.Ref;
    const resource = typeof ref === 'string' ? byLogicalId.get(ref) : undefined;
    if (resource?.cfnResourceType === 'AWS::EKS::Cluster') {
      facts.resource = resource;
      const family = literal(stack, propertiesOf(resource).KubernetesNetworkConfig?.IpFamily);
      facts.ipFamily = typeof family === 'string' ? family.toLowerCase() : undefined;
      // An IPv6 cluster's VPC CNI runs IPv6 mode whatever the stack configures of it.
      if (facts.ipFamily === 'ipv6' && !facts.cniAddon) facts.podNetworking = PodNetworking.ipv6();
    }
  }
  return { stack, clusters: [...clusters.values()], unreadable };
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
