import { Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { CoreDns, CoreDnsOptions } from '../addons/core-dns';
import { KubeProxy, KubeProxyOptions } from '../addons/kube-proxy';
import { NodeLocalDnsCache, NodeLocalDnsCacheOptions } from '../addons/node-local-dns-cache';
import { VpcCni, VpcCniOptions } from '../addons/vpc-cni';
import { PodNetworking } from '../capacity/pod-networking';
import { setTerminatedPodGcThreshold } from '../cluster/terminated-pod-gc';
import { NetkitGuardrails } from '../guardrails/netkit-guardrails';
import { KarpenterNodeClass, KarpenterNodeClassOptions } from '../karpenter/karpenter-node-class';
import { TunedNodegroup, TunedNodegroupOptions } from '../nodes/tuned-nodegroup';
import { NetworkObservability, NetworkObservabilityOptions } from '../observability/network-observability';
import {
  AWS_NODE_GATE_TUNING,
  CORE_DNS_TUNING,
  KUBE_PROXY_TUNING,
  ManagedNodeTuning,
  NODE_LOCAL_DNS_TUNING,
  VPC_CNI_TUNING,
  warnIfAutoModeOnly,
} from '../private/auto-mode-only-warning';
import { validateProps } from '../private/prop-rules';
import { NetkitValidationError } from '../private/validation-error';

/**
 * Props for {@link NetworkBaseline}. Every part is on by default; switch a part off with its flag.
 */
export interface NetworkBaselineProps {
  /** The aws-eks-v2 cluster (created in this app, or imported with a kubectl provider). */
  readonly cluster: eks.ICluster;

  /**
   * The VPC CNI add-on; its `podNetworking` is the cluster's mode.
   * @default - secondary IPs, CLUSTER_ENDPOINT on
   */
  readonly vpcCniOptions?: VpcCniOptions;

  /**
   * Manage kube-proxy (mode, node-name patch).
   * @default true
   */
  readonly kubeProxy?: boolean;
  /**
   * How the kube-proxy add-on is configured (its mode, the node-name patch).
   * @default - iptables mode, node-name patch
   */
  readonly kubeProxyOptions?: KubeProxyOptions;

  /**
   * Manage CoreDNS (replicas, zone spread, disruption budget).
   * @default true
   */
  readonly coreDns?: boolean;
  /**
   * How the coredns add-on is configured (replicas or autoscaling, zone spread).
   * @default - 2 replicas
   */
  readonly coreDnsOptions?: CoreDnsOptions;

  /**
   * Run NodeLocal DNSCache (at 169.254.20.10, or fd00::10 on an IPv6 cluster).
   * @default true
   */
  readonly nodeLocalDns?: boolean;
  /**
   * How NodeLocal DNSCache is configured, among them the kube-dns address it forwards to.
   * @default - kube-dns address from the cluster's service CIDR
   */
  readonly nodeLocalDnsOptions?: NodeLocalDnsCacheOptions;

  /**
   * Network observability (AMP, scraper, rules, alerts, alarms, dashboards).
   * @default true
   */
  readonly observability?: boolean;
  /**
   * How network observability is configured: workspace, scrape interval, rule windows, alert routing.
   * @default - a new workspace, 30 s scrapes, 5 min windows
   */
  readonly observabilityOptions?: NetworkObservabilityOptions;

  /**
   * The control plane's terminated-pod garbage-collection threshold (`AWS::EKS::Cluster`
   * `kubeControllerManagerConfig.podGcControllerConfig.terminatedPodGcThreshold`): above this many terminated pods
   * cluster-wide, the oldest are deleted. With security groups for pods, a completed pod keeps its branch ENI until it
   * is deleted, so a threshold below the nodes' `vpc.amazonaws.com/pod-eni` capacity bounds what finished pods can
   * hold (NETKIT-POD2 relates the two). Only on a cluster this app creates.
   * @default - unset: the Kubernetes default, 12,500 terminated pods
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-eks-cluster-podgccontrollerconfig.html
   */
  readonly terminatedPodGcThreshold?: number;

  /**
   * Turn the scale-readiness guardrails on for the stack. They run with the options the app gave
   * `NetkitGuardrails.enable` (their one home), or with the defaults when the app enabled none.
   * @default true
   */
  readonly guardrails?: boolean;
}

/**
 * The whole networking baseline applied to one cluster: VPC CNI from the pod-networking mode, kube-proxy with the
 * node-name patch, CoreDNS spread across zones, NodeLocal DNSCache, network observability and the guardrails. Node
 * groups and Karpenter node classes added through it take the cluster's mode and join after the VPC CNI.
 *
 * On an EKS Auto Mode cluster with no TunedNodegroup or KarpenterNodeClass (read at synth), the managed-node parts
 * serve no node: the resources are kept and the acknowledgeable warning `cdk-eks-netkit:autoModeOnly` says so. In a
 * mixed cluster they serve the managed nodes, and nothing is said.
 */
export class NetworkBaseline extends Construct {
  /** The cluster. */
  public readonly cluster: eks.ICluster;
  /** The VPC CNI add-on. */
  public readonly vpcCni: VpcCni;
  /**
   * kube-proxy, when managed.
   * @default - not managed
   */
  public readonly kubeProxy?: KubeProxy;
  /**
   * CoreDNS, when managed.
   * @default - not managed
   */
  public readonly coreDns?: CoreDns;
  /**
   * NodeLocal DNSCache, when on.
   * @default - off
   */
  public readonly nodeLocalDns?: NodeLocalDnsCache;
  /**
   * Network observability, when on.
   * @default - off
   */
  public readonly observability?: NetworkObservability;

  constructor(scope: Construct, id: string, props: NetworkBaselineProps) {
    super(scope, id);
    validateProps(this, 'NetworkBaselineProps', props);
    if (props.terminatedPodGcThreshold !== undefined) {
      setTerminatedPodGcThreshold(props.cluster, props.terminatedPodGcThreshold, 'terminatedPodGcThreshold', this);
    }
    this.cluster = props.cluster;
    for (const [part, on, options] of [
      ['kubeProxy', props.kubeProxy, props.kubeProxyOptions],
      ['coreDns', props.coreDns, props.coreDnsOptions],
      ['nodeLocalDns', props.nodeLocalDns, props.nodeLocalDnsOptions],
      ['observability', props.observability, props.observabilityOptions],
    ] as const) {
      if (on === false && options !== undefined) {
        throw new NetkitValidationError(
          `${part}Options is set, but ${part} is false, so the options would be ignored; drop ${part}Options, or set ${part} to true`,
          this,
        );
      }
    }
    this.vpcCni = new VpcCni(this, 'VpcCni', { cluster: props.cluster, ...props.vpcCniOptions });
    if (props.kubeProxy ?? true) {
      this.kubeProxy = new KubeProxy(this, 'KubeProxy', { cluster: props.cluster, ...props.kubeProxyOptions });
    }
    if (props.coreDns ?? true) {
      this.coreDns = new CoreDns(this, 'CoreDns', { cluster: props.cluster, ...props.coreDnsOptions });
    }
    if (props.nodeLocalDns ?? true) {
      this.nodeLocalDns = new NodeLocalDnsCache(this, 'NodeLocalDns', {
        cluster: props.cluster,
        ...props.nodeLocalDnsOptions,
      });
    }
    if (props.observability ?? true) {
      this.observability = new NetworkObservability(this, 'Observability', {
        cluster: props.cluster,
        ...props.observabilityOptions,
      });
    }
    if (props.guardrails ?? true) NetkitGuardrails._enableDefault(Stack.of(this));
    warnIfAutoModeOnly(this, props.cluster, () => this.managedNodeTuning());
  }

  /** The pod-networking mode of the cluster (its VPC CNI's), read when asked. */
  public get podNetworking(): PodNetworking {
    return this.vpcCni.podNetworking;
  }

  /** The parts that tune managed nodes only, with the baseline's switch for each. */
  private managedNodeTuning(): ManagedNodeTuning[] {
    return [
      { ...VPC_CNI_TUNING, switchOff: 'the VPC CNI add-on itself stays, as in every NetworkBaseline' },
      ...(this.vpcCni.apiServerGate
        ? [{ ...AWS_NODE_GATE_TUNING, switchOff: 'vpcCniOptions.apiServerGate: false' }]
        : []),
      ...(this.kubeProxy ? [{ ...KUBE_PROXY_TUNING, switchOff: 'kubeProxy: false' }] : []),
      ...(this.coreDns ? [{ ...CORE_DNS_TUNING, switchOff: 'coreDns: false' }] : []),
      ...(this.nodeLocalDns ? [{ ...NODE_LOCAL_DNS_TUNING, switchOff: 'nodeLocalDns: false' }] : []),
    ];
  }

  /** Add a tuned managed node group in the cluster's pod-networking mode. */
  public addNodegroup(id: string, options: TunedNodegroupOptions): TunedNodegroup {
    return new TunedNodegroup(this, id, { cluster: this.cluster, ...options });
  }

  /** Add a Karpenter node class (and NodePool) in the cluster's pod-networking mode. */
  public addKarpenterNodeClass(id: string, options: KarpenterNodeClassOptions): KarpenterNodeClass {
    return new KarpenterNodeClass(this, id, { cluster: this.cluster, ...options });
  }
}
