import { ContextProvider, Stack, Token } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as cxschema from 'aws-cdk-lib/cloud-assembly-schema';
import { Construct } from 'constructs';
import { AutoModeNodeClass } from './auto-mode-node-class';
import { renderAutoModeNodePool } from './node-pool-manifest';
import { ClusterNetworkingContext } from '../cluster/cluster-networking-context';
import { validateProps } from '../private/prop-rules';
import { NetkitValidationError } from '../private/validation-error';
import { availabilityZoneRegion } from '../private/validators';

/**
 * Options for an Auto Mode NodePool.
 */
export interface AutoModeNodePoolOptions {
  /**
   * The NodePool name: a lower-case DNS name other than `system` and `general-purpose`, Auto Mode's built-in pools.
   * @default - the construct ID in lower case
   */
  readonly name?: string;
  /**
   * Capacity types: `on-demand`, `spot`, `reserved`.
   * @default ['on-demand']
   */
  readonly capacityTypes?: string[];
  /**
   * CPU architectures: `amd64`, `arm64`.
   * @default ['amd64']
   */
  readonly architectures?: string[];
  /**
   * Instance types the pool may launch; list them so max pods and the IP planner can be checked per type.
   * @default - any type Auto Mode picks within the other requirements
   */
  readonly instanceTypes?: string[];
  /**
   * Instance categories (`eks.amazonaws.com/instance-category`), e.g. `c`, `m`, `r`.
   * @default - any category
   */
  readonly instanceCategories?: string[];
  /**
   * Availability Zones.
   * @default - every zone of the NodeClass subnets
   */
  readonly availabilityZones?: string[];
  /**
   * The most vCPUs the pool may run; with the instance types it bounds the node count the subnets must hold.
   * @default 1000
   */
  readonly cpuLimit?: number;
  /**
   * The most memory the pool may run, in GiB.
   * @default - no memory limit
   */
  readonly memoryLimitGiB?: number;
  /**
   * Labels on the nodes.
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * Pods you expect per node, at most the max pods of every listed instance type under the NodeClass's pod
   * networking (`cdk-eks-netkit max-pods --auto-mode`). Recorded as the NodePool annotation `cdk-eks-netkit.io/pods-per-node`, it lets the
   * IP plan of guardrails NETKIT-AUTO2 and NETKIT-AUTO3 count pod-sparse nodes as they are.
   * @default - full nodes (max pods)
   */
  readonly podsPerNode?: number;
  /**
   * Replace nodes after this many hours: at most 504 (21 days), the longest Auto Mode lets a node live.
   * @default 336 (14 days, as Auto Mode's built-in pools)
   * @see https://docs.aws.amazon.com/whitepapers/latest/security-overview-amazon-eks-auto-mode/benefits.html
   */
  readonly expireAfterHours?: number;
}

/**
 * Props for {@link AutoModeNodePool}.
 */
export interface AutoModeNodePoolProps extends AutoModeNodePoolOptions {
  /** The NodeClass whose nodes the pool launches. */
  readonly nodeClass: AutoModeNodeClass;
}

/**
 * A `karpenter.sh/v1` NodePool of an Auto Mode NodeClass. It depends on the NodeClass, so it is created after it and
 * deleted (with its nodes) before it.
 */
export class AutoModeNodePool extends Construct {
  /** The NodePool name. */
  public readonly nodePoolName: string;
  /** The rendered manifest. */
  public readonly manifest: Record<string, any>;

  constructor(scope: Construct, id: string, props: AutoModeNodePoolProps) {
    super(scope, id);
    validateProps(this, 'AutoModeNodePoolProps', props);
    checkZonesInRegion(this, props.availabilityZones);
    this.nodePoolName = props.name ?? id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
    ClusterNetworkingContext.of(props.nodeClass.cluster)._registerName('NodePool', this.nodePoolName, this);
    this.manifest = renderAutoModeNodePool(
      {
        name: this.nodePoolName,
        nodeClassName: props.nodeClass.nodeClassName,
        capacityTypes: props.capacityTypes ?? ['on-demand'],
        architectures: props.architectures ?? ['amd64'],
        instanceTypes: props.instanceTypes,
        instanceCategories: props.instanceCategories,
        availabilityZones: props.availabilityZones,
        cpuLimit: props.cpuLimit ?? 1000,
        memoryLimitGiB: props.memoryLimitGiB,
        labels: props.labels,
        podsPerNode: props.podsPerNode,
        expireAfterHours: props.expireAfterHours ?? 336,
        podNetworking: props.nodeClass.podNetworking,
      },
      this.node.path,
    );
    const resource = new eks.KubernetesManifest(this, 'Resource', {
      cluster: props.nodeClass.cluster,
      manifest: [this.manifest],
      overwrite: true,
    });
    resource.node.addDependency(props.nodeClass.resource);
  }
}

/**
 * Availability Zones are the stack's Region's: one of another Region, or, when the app has looked the Region's zones
 * up (cdk.context.json), one the Region does not have, matches no subnet and no node launches.
 */
function checkZonesInRegion(scope: Construct, zones: readonly string[] | undefined): void {
  if (zones === undefined || Token.isUnresolved(zones)) return;
  const stack = Stack.of(scope);
  const region = stack.region;
  if (Token.isUnresolved(region)) return;
  let known: unknown;
  if (!Token.isUnresolved(stack.account)) {
    const { key } = ContextProvider.getKey(scope, { provider: cxschema.ContextProvider.AVAILABILITY_ZONE_PROVIDER });
    known = scope.node.tryGetContext(key);
  }
  zones.forEach((zone, i) => {
    if (Token.isUnresolved(zone)) return;
    const zoneRegion = availabilityZoneRegion(zone);
    if (zoneRegion !== undefined && zoneRegion !== region) {
      throw new NetkitValidationError(
        `availabilityZones[${i}] ('${zone}') is in ${zoneRegion}, but the stack deploys to ${region}; use a zone of ${region}, e.g. '${region}a'`,
        scope,
      );
    }
    // Only standard zones (Region and letter): the lookup may leave out Local and Wavelength Zones.
    const standard = zone.length === region.length + 1;
    if (standard && Array.isArray(known) && known.every((z) => typeof z === 'string') && !known.includes(zone)) {
      throw new NetkitValidationError(
        `availabilityZones[${i}] ('${zone}') is not a zone of ${region} (the app's looked-up zones: ${known.join(', ')}); use one of them`,
        scope,
      );
    }
  });
}
