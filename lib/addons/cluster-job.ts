import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { requireKubectlProvider } from '../private/kubectl';
import { validateProps } from '../private/prop-rules';
import { NetkitValidationError, forConstruct, requireInteger, requireNotIgnored } from '../private/validation-error';

/**
 * Props for {@link ClusterJob}.
 */
export interface ClusterJobProps {
  /** The aws-eks-v2 cluster; it needs a kubectl provider. */
  readonly cluster: eks.ICluster;
  /** The Job manifest (`batch/v1`, kind `Job`). */
  readonly manifest: Record<string, any>;
  /**
   * Seconds after the Job finishes before Kubernetes deletes it and its pods. A finished pod that used security
   * groups for pods keeps its branch ENI until it is deleted, so Jobs without a TTL slowly exhaust
   * `vpc.amazonaws.com/pod-eni` and new pods fail with "failed to assign an IP address".
   * @default 300 (unless the manifest sets its own)
   */
  readonly ttlSecondsAfterFinished?: number;
}

/** The TTL used when neither the manifest nor the props set one. */
export const DEFAULT_JOB_TTL_SECONDS = 300;

/** The Job with `spec.ttlSecondsAfterFinished` set: the manifest's own value wins over the default. */
export function withJobTtl(manifest: Record<string, any>, ttlSecondsAfterFinished?: number): Record<string, any> {
  if (manifest.apiVersion !== 'batch/v1' || manifest.kind !== 'Job') {
    throw new NetkitValidationError(
      `ClusterJob manifest is ${manifest.apiVersion ?? '(no apiVersion)'}/${manifest.kind ?? '(no kind)'}; it takes a batch/v1 Job (use cluster.addManifest for other kinds)`,
    );
  }
  requireInteger('ttlSecondsAfterFinished', ttlSecondsAfterFinished, 0);
  const own = manifest.spec?.ttlSecondsAfterFinished;
  requireNotIgnored(
    [['ttlSecondsAfterFinished', ttlSecondsAfterFinished]],
    own === undefined ? undefined : `the manifest sets spec.ttlSecondsAfterFinished (${own}), which wins`,
  );
  const ttl = own ?? ttlSecondsAfterFinished ?? DEFAULT_JOB_TTL_SECONDS;
  return { ...manifest, spec: { ...manifest.spec, ttlSecondsAfterFinished: ttl } };
}

/**
 * Applies a Kubernetes Job through the cluster with `ttlSecondsAfterFinished` set by default, so finished Jobs
 * give back their pods' branch ENIs.
 */
export class ClusterJob extends Construct {
  /** The Job as applied. */
  public readonly manifest: Record<string, any>;

  constructor(scope: Construct, id: string, props: ClusterJobProps) {
    super(scope, id);
    validateProps(this, 'ClusterJobProps', props);
    requireKubectlProvider(this, props.cluster, 'ClusterJob applies a Job');
    this.manifest = forConstruct(this, () => withJobTtl(props.manifest, props.ttlSecondsAfterFinished));
    new eks.KubernetesManifest(this, 'Resource', { cluster: props.cluster, manifest: [this.manifest] });
  }
}
