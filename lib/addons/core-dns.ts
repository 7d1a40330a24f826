import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { ManagedAddonOptions, managedAddon } from './managed-addon';
import { ClusterNetworkingContext } from '../cluster/cluster-networking-context';
import { validateProps } from '../private/prop-rules';
import { NetkitValidationError, forConstruct, isUnresolved, requireInteger } from '../private/validation-error';

/**
 * Options for {@link CoreDns}.
 */
export interface CoreDnsOptions extends ManagedAddonOptions {
  /**
   * A fixed replica count (at least 2). Ignored when autoscaling is on.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * EKS CoreDNS autoscaling (replicas follow nodes and cores): the minimum and maximum replicas.
   * @default - no autoscaling
   * @see https://docs.aws.amazon.com/eks/latest/userguide/coredns-autoscaling.html
   */
  readonly autoScaling?: CoreDnsAutoScaling;
}

/**
 * Props for {@link CoreDns}.
 */
export interface CoreDnsProps extends CoreDnsOptions {
  /** The aws-eks-v2 cluster. */
  readonly cluster: eks.ICluster;
}

/** CoreDNS autoscaling bounds. */
export interface CoreDnsAutoScaling {
  /** At least 2. */
  readonly minReplicas: number;
  /** At most 1000. */
  readonly maxReplicas: number;
}

/** The CoreDNS pods' label, which spread constraints and the disruption budget select. */
const KUBE_DNS = { matchLabels: { 'k8s-app': 'kube-dns' } };

/** The coredns add-on configuration: replicas or autoscaling, spread over zones and hosts, a disruption budget. */
export function renderCoreDnsConfiguration(
  replicas: number | undefined,
  autoScaling: CoreDnsAutoScaling | undefined,
): Record<string, unknown> {
  return {
    ...(autoScaling
      ? { autoScaling: { enabled: true, minReplicas: autoScaling.minReplicas, maxReplicas: autoScaling.maxReplicas } }
      : { replicaCount: replicas ?? 2 }),
    topologySpreadConstraints: [
      {
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: KUBE_DNS,
      },
      {
        maxSkew: 1,
        topologyKey: 'kubernetes.io/hostname',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: KUBE_DNS,
      },
    ],
    podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
  };
}

/**
 * The managed `coredns` add-on spread across zones and hosts, with a disruption budget, so losing a node or an AZ
 * does not take DNS with it.
 */
export class CoreDns extends Construct {
  /** The add-on. */
  public readonly addon: eks.CfnAddon;

  constructor(scope: Construct, id: string, props: CoreDnsProps) {
    super(scope, id);
    validateProps(this, 'CoreDnsProps', props);
    ClusterNetworkingContext.of(props.cluster)._registerSingleton('CoreDns', this);
    requireInteger(
      'replicas',
      props.replicas,
      2,
      1000,
      'one CoreDNS replica is a single point of failure for every lookup',
      this,
    );
    if (props.autoScaling) {
      const { minReplicas, maxReplicas } = props.autoScaling;
      requireInteger('autoScaling.minReplicas', minReplicas, 2, 1000, undefined, this);
      requireInteger('autoScaling.maxReplicas', maxReplicas, 2, 1000, undefined, this);
      if (!isUnresolved(minReplicas) && !isUnresolved(maxReplicas) && maxReplicas < minReplicas) {
        throw new NetkitValidationError(
          `autoScaling.maxReplicas (${maxReplicas}) is below minReplicas (${minReplicas}); raise maxReplicas`,
          this,
        );
      }
      if (props.replicas !== undefined) {
        throw new NetkitValidationError(
          'replicas and autoScaling are both set; autoscaling owns the replica count, so set one of them',
          this,
        );
      }
    }
    this.addon = forConstruct(this, () =>
      managedAddon(this, 'coredns', props, renderCoreDnsConfiguration(props.replicas, props.autoScaling)),
    );
  }
}
