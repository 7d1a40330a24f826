import { Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { karpenterControllerPolicy } from './karpenter-controller-policy';
import {
  checkKarpenterRelease,
  defaultKarpenterVersion,
  karpenterIncompatibility,
  parseKarpenterRelease,
} from './karpenter-version';
import { ClusterNetworkingContext } from '../cluster/cluster-networking-context';
import { requireKubectlProvider } from '../private/kubectl';
import { validateProps } from '../private/prop-rules';
import { NetkitValidationError, forConstruct, isUnresolved, requireDnsLabel } from '../private/validation-error';

/** The chart AWS and Karpenter's getting-started guide install. */
export const KARPENTER_CHART_REPOSITORY = 'oci://public.ecr.aws/karpenter/karpenter';
/** The service account the chart creates, which the Pod Identity association names. */
const SERVICE_ACCOUNT = 'karpenter';

/**
 * The interruption events Karpenter drains nodes on, as its getting-started template routes them: EventBridge
 * `source` and `detail-type`.
 * @see https://karpenter.sh/docs/concepts/disruption/#interruption
 */
export const KARPENTER_INTERRUPTION_EVENTS: ReadonlyArray<{
  readonly id: string;
  readonly source: string;
  readonly detailType: string;
}> = [
  { id: 'ScheduledChange', source: 'aws.health', detailType: 'AWS Health Event' },
  { id: 'SpotInterruption', source: 'aws.ec2', detailType: 'EC2 Spot Instance Interruption Warning' },
  { id: 'Rebalance', source: 'aws.ec2', detailType: 'EC2 Instance Rebalance Recommendation' },
  { id: 'InstanceStateChange', source: 'aws.ec2', detailType: 'EC2 Instance State-change Notification' },
  {
    id: 'CapacityReservationInterruption',
    source: 'aws.ec2',
    detailType: 'EC2 Capacity Reservation Instance Interruption Warning',
  },
];

/** The AWS managed policies Karpenter's getting-started template gives the node role. */
export const KARPENTER_NODE_POLICIES = [
  'AmazonEKSWorkerNodePolicy',
  'AmazonEKS_CNI_Policy',
  'AmazonEC2ContainerRegistryPullOnly',
  'AmazonSSMManagedInstanceCore',
] as const;

/**
 * Props for {@link KarpenterController}.
 */
export interface KarpenterControllerProps {
  /** The aws-eks-v2 cluster; it needs a kubectl provider to install the chart. */
  readonly cluster: eks.ICluster;

  /**
   * The Karpenter release (chart and controller), `X.Y.Z`. It must support the cluster's Kubernetes minor.
   * @default - the newest release the library knows that supports the cluster's Kubernetes minor (1.15.2 for 1.26
   * to 1.37)
   * @see https://karpenter.sh/docs/upgrading/compatibility/
   */
  readonly version?: string;

  /**
   * The cluster's Kubernetes version, e.g. `1.35`, for a cluster imported into the app (one created in the app is
   * read from its `AWS::EKS::Cluster`).
   * @default - read from a cluster created in this app; an imported cluster without it is an error unless `version` is given
   */
  readonly kubernetesVersion?: string;

  /**
   * The namespace the controller runs in.
   * @default 'kube-system'
   */
  readonly namespace?: string;

  /**
   * The role Karpenter's nodes run with. The construct gives it an EC2 access entry on the cluster.
   * @default - a role with the AWS managed policies of Karpenter's getting-started template (worker node, CNI, ECR
   * pull, SSM)
   */
  readonly nodeRole?: iam.IRole;

  /**
   * Turn on Karpenter's alpha `NodeClassCEL` feature gate (Helm `settings.awsFeatureGates.nodeClassCEL`), so node
   * classes can give `maxPods` as a CEL expression per instance type. Needs Karpenter 1.15 or later.
   * @default false
   * @see https://karpenter.sh/docs/concepts/nodeclasses/
   */
  readonly nodeClassCel?: boolean;

  /**
   * More Helm values, merged over the construct's. `settings.clusterName`, `settings.interruptionQueue`,
   * `settings.reservedENIs` and `serviceAccount.name` are the construct's and cannot be given here.
   * @default - none
   */
  readonly helmValues?: { [key: string]: any };
}

/**
 * Karpenter installed as its getting-started guide does it: the Helm chart at a release that supports the cluster's
 * Kubernetes minor, the controller's IAM role through EKS Pod Identity, the encrypted interruption queue and its
 * EventBridge rules, and the node role with its EC2 access entry.
 *
 * `settings.reservedENIs` is read from the cluster's networking context at synth: the number of ENIs the cluster's
 * pod-networking mode keeps from pods, the same number {@link KarpenterNodeClass} computes.
 */
export class KarpenterController extends Construct {
  /** The Karpenter release installed. */
  public readonly version: string;
  /** The role Karpenter's nodes run with. */
  public readonly nodeRole: iam.IRole;
  /** The controller's role (EKS Pod Identity). */
  public readonly controllerRole: iam.Role;
  /** The interruption queue. */
  public readonly interruptionQueue: sqs.Queue;
  /** The Helm release. */
  public readonly chart: eks.HelmChart;
  /** Whether the `NodeClassCEL` feature gate is on. */
  public readonly nodeClassCel: boolean;
  /** The namespace the controller runs in. */
  public readonly namespace: string;

  private readonly context: ClusterNetworkingContext;

  constructor(scope: Construct, id: string, props: KarpenterControllerProps) {
    super(scope, id);
    validateProps(this, 'KarpenterControllerProps', props);
    requireKubectlProvider(this, props.cluster, 'KarpenterController installs a Helm chart');
    requireDnsLabel('namespace', props.namespace, this);
    this.namespace = props.namespace ?? 'kube-system';
    this.version = forConstruct(this, () => resolveVersion(props));
    this.nodeClassCel = props.nodeClassCel ?? false;
    checkKarpenterRelease(this, this.version, this.nodeClassCel);
    checkHelmValues(props.helmValues, this);
    this.context = ClusterNetworkingContext.of(props.cluster);
    const stack = Stack.of(this);

    this.nodeRole =
      props.nodeRole ??
      new iam.Role(this, 'NodeRole', {
        assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
        managedPolicies: KARPENTER_NODE_POLICIES.map((p) => iam.ManagedPolicy.fromAwsManagedPolicyName(p)),
      });
    this.context._nodeRoleAccessEntry(this.nodeRole);

    // Interruption events arrive within minutes or not at all: five minutes' retention, as the guide sets.
    this.interruptionQueue = new sqs.Queue(this, 'InterruptionQueue', {
      retentionPeriod: Duration.minutes(5),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    for (const event of KARPENTER_INTERRUPTION_EVENTS) {
      new events.Rule(this, `${event.id}Rule`, {
        eventPattern: { source: [event.source], detailType: [event.detailType] },
        targets: [new targets.SqsQueue(this.interruptionQueue)],
      });
    }

    const policy = karpenterControllerPolicy({
      stack,
      clusterName: props.cluster.clusterName,
      clusterArn: props.cluster.clusterArn,
      interruptionQueueArn: this.interruptionQueue.queueArn,
      passRole: [this.nodeRole.roleArn],
    });
    const passRole = policy.passRole;
    this.controllerRole = new iam.Role(this, 'ControllerRole', {
      assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com').withSessionTags(),
      inlinePolicies: { Karpenter: policy.document },
    });
    const association = new eks.CfnPodIdentityAssociation(this, 'PodIdentity', {
      clusterName: props.cluster.clusterName,
      namespace: this.namespace,
      serviceAccount: SERVICE_ACCOUNT,
      roleArn: this.controllerRole.roleArn,
    });
    // A cluster created in the app gets the Pod Identity agent add-on; an imported one must run it already.
    if (props.cluster.eksPodIdentityAgent) association.node.addDependency(props.cluster.eksPodIdentityAgent);

    this.chart = new eks.HelmChart(this, 'Chart', {
      cluster: props.cluster,
      chart: 'karpenter',
      repository: KARPENTER_CHART_REPOSITORY,
      version: this.version,
      namespace: this.namespace,
      values: {
        ...props.helmValues,
        settings: {
          ...props.helmValues?.settings,
          clusterName: props.cluster.clusterName,
          interruptionQueue: this.interruptionQueue.queueName,
          reservedENIs: Lazy.string({ produce: () => String(this.reservedEnis) }),
          ...(this.nodeClassCel
            ? { awsFeatureGates: { ...props.helmValues?.settings?.awsFeatureGates, nodeClassCEL: true } }
            : {}),
        },
        serviceAccount: { ...props.helmValues?.serviceAccount, name: SERVICE_ACCOUNT },
        controller: {
          resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { memory: '1Gi' } },
          ...props.helmValues?.controller,
        },
      },
    });
    this.chart.node.addDependency(association);
    this.context._registerKarpenterController({
      construct: this,
      chart: this.chart,
      facts: () => ({ version: this.version, reservedEnis: this.reservedEnis, nodeClassCel: this.nodeClassCel }),
      grantPassRole: (role) => {
        if (role !== this.nodeRole) passRole.addResources(role.roleArn);
      },
    });
  }

  /**
   * `settings.reservedENIs`: the ENIs the cluster's pod-networking mode keeps from pods (one for custom networking,
   * one for the security-groups-for-pods trunk). Read from the cluster's networking context when asked.
   */
  public get reservedEnis(): number {
    return this.context._podNetworkingFor(this, undefined).karpenterReservedEnis;
  }
}

function resolveVersion(props: KarpenterControllerProps): string {
  const kubernetes = props.kubernetesVersion ?? kubernetesVersionOf(props.cluster);
  if (props.version !== undefined) {
    parseKarpenterRelease(props.version);
    const why = kubernetes ? karpenterIncompatibility(props.version, kubernetes) : undefined;
    if (why) throw new NetkitValidationError(`version: ${why}`);
    return props.version;
  }
  if (!kubernetes) {
    throw new NetkitValidationError(
      `the Kubernetes version of cluster ${props.cluster.node.path} is unknown (it was imported), so no Karpenter ` +
        'release can be chosen for it; pass kubernetesVersion (e.g. 1.35) or version',
    );
  }
  return defaultKarpenterVersion(kubernetes);
}

/** The Kubernetes version of a cluster created in the app, from its `AWS::EKS::Cluster`; undefined otherwise. */
function kubernetesVersionOf(cluster: eks.ICluster): string | undefined {
  if (!(cluster instanceof eks.Cluster)) return undefined;
  const cfn = cluster.node.children.find((c): c is eks.CfnCluster => c instanceof eks.CfnCluster);
  const version = cfn?.version;
  return version === undefined || isUnresolved(version) ? undefined : version;
}

/** Values the construct owns cannot be overridden: they would break what the construct wires. */
function checkHelmValues(values: { [key: string]: any } | undefined, scope: Construct): void {
  const owned = [
    ['settings', 'clusterName'],
    ['settings', 'interruptionQueue'],
    ['settings', 'reservedENIs'],
    ['serviceAccount', 'name'],
  ];
  for (const [group, key] of owned) {
    if (values?.[group]?.[key] !== undefined) {
      throw new NetkitValidationError(
        `helmValues.${group}.${key} is set by KarpenterController (it wires the queue, the Pod Identity association and ` +
          "the cluster's ENI reservation); remove it from helmValues",
        scope,
      );
    }
  }
}
