import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { NetkitValidationError } from '../private/validation-error';

/** A Karpenter release: `1.15.2` (the chart version, which is also the controller's). */
export interface KarpenterRelease {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/** The Kubernetes minors one Karpenter minor supports. */
export interface KarpenterCompatibility {
  /** Karpenter `major.minor`. */
  readonly karpenter: string;
  /** Oldest Kubernetes minor, e.g. `1.26`. */
  readonly minKubernetes: string;
  /** Newest Kubernetes minor, e.g. `1.37`. */
  readonly maxKubernetes: string;
  /** The newest patch release of this minor the library knows, the one it installs. */
  readonly latestPatch: string;
}

/**
 * Karpenter's compatibility matrix for the releases the library installs: `hack/docs/compatibilitymatrix_gen/
 * compatibility.yaml` of the karpenter-provider-aws Go module v1.15.2 for 1.13 and 1.14, and the v1.15 docs
 * (`website/content/en/v1.15/upgrading/compatibility.md`: Kubernetes 1.37 needs 1.15.x) for 1.15, whose minimum
 * the Go module's matrix does not list yet (1.26, as for 1.13 and 1.14). Newest first.
 */
export const KARPENTER_COMPATIBILITY: readonly KarpenterCompatibility[] = [
  { karpenter: '1.15', minKubernetes: '1.26', maxKubernetes: '1.37', latestPatch: '1.15.2' },
  { karpenter: '1.14', minKubernetes: '1.26', maxKubernetes: '1.36', latestPatch: '1.14.3' },
  { karpenter: '1.13', minKubernetes: '1.26', maxKubernetes: '1.36', latestPatch: '1.13.1' },
];

/** First release whose EC2NodeClass takes any KubeletConfiguration field in `spec.kubelet` (AL2023 only). */
export const KARPENTER_OPEN_KUBELET = '1.15.0';
/** First release with the `NodeClassCEL` feature gate (CEL in `spec.kubelet.maxPods` and reservations). */
export const KARPENTER_NODE_CLASS_CEL = '1.15.0';
/** First release whose EC2NodeClass has `spec.connectionTracking` (absent from the v1.12.0 CRD, present in v1.13.0). */
export const KARPENTER_CONNECTION_TRACKING = '1.13.0';

const RELEASE = /^v?(\d+)\.(\d+)\.(\d+)$/;

/** Parse a Karpenter release, or throw an error naming the prop and the form. */
export function parseKarpenterRelease(version: string, prop = 'version'): KarpenterRelease {
  const match = RELEASE.exec(version);
  if (!match) {
    throw new NetkitValidationError(
      `${prop} ('${version}') is not a Karpenter release: give X.Y.Z, e.g. ${KARPENTER_COMPATIBILITY[0].latestPatch}`,
    );
  }
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

/**
 * What every Karpenter release given to the library gets, from KarpenterController's props or a declaration: the
 * NodeClassCEL gate only from 1.15 (else CEL would reach a controller that cannot read it), and a warning for a release
 * outside the compatibility matrix. `prefix` is how the props are named ('karpenter.' in a declaration).
 */
export function checkKarpenterRelease(scope: IConstruct, version: string, nodeClassCel: boolean, prefix = ''): void {
  if (nodeClassCel && !karpenterAtLeast(version, KARPENTER_NODE_CLASS_CEL)) {
    throw new NetkitValidationError(
      `${prefix}nodeClassCel needs Karpenter ${KARPENTER_NODE_CLASS_CEL} or later, but ${prefix}version is ${version}; ` +
        `raise ${prefix}version or leave ${prefix}nodeClassCel off`,
      scope,
    );
  }
  if (!karpenterCompatibility(version)) {
    Annotations.of(scope).addWarningV2(
      'cdk-eks-netkit:karpenterVersionUnknown',
      `Karpenter ${version} is not in the library's compatibility matrix (${KARPENTER_COMPATIBILITY.map((c) => c.karpenter).join(', ')}); ` +
        "check it supports the cluster's Kubernetes minor and serves the v1 APIs the library renders",
    );
  }
}

/** True when `version` is at least `floor` (both X.Y.Z). */
export function karpenterAtLeast(version: string, floor: string): boolean {
  const a = parseKarpenterRelease(version);
  const b = parseKarpenterRelease(floor);
  if (a.major !== b.major) return a.major > b.major;
  if (a.minor !== b.minor) return a.minor > b.minor;
  return a.patch >= b.patch;
}

/** `1.35` from `1.35`, `1.35.4` or `v1.35`. */
function kubernetesMinor(version: string): [number, number] | undefined {
  const match = /^v?(\d+)\.(\d+)/.exec(version);
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

function minorOrder(version: string): number {
  const [major, minor] = kubernetesMinor(version) ?? [0, 0];
  return major * 1000 + minor;
}

/** The compatibility row of a release, or undefined for a minor the library does not know. */
export function karpenterCompatibility(version: string): KarpenterCompatibility | undefined {
  const r = parseKarpenterRelease(version);
  return KARPENTER_COMPATIBILITY.find((c) => c.karpenter === `${r.major}.${r.minor}`);
}

/**
 * The Karpenter release to install on a Kubernetes minor: the newest known release that supports it. Throws naming
 * the supported minors when none does.
 */
export function defaultKarpenterVersion(kubernetesVersion: string): string {
  const order = minorOrder(kubernetesVersion);
  const row = KARPENTER_COMPATIBILITY.find(
    (c) => minorOrder(c.minKubernetes) <= order && order <= minorOrder(c.maxKubernetes),
  );
  if (!row) {
    throw new NetkitValidationError(
      `Kubernetes ${kubernetesVersion} is supported by no Karpenter release the library knows (${supportedRange()}); ` +
        'pass version with a Karpenter release that supports it',
    );
  }
  return row.latestPatch;
}

/**
 * Why a Karpenter release does not fit a Kubernetes minor, or undefined when it does (or the release is newer than the
 * library's matrix, which the caller reports separately).
 */
export function karpenterIncompatibility(version: string, kubernetesVersion: string): string | undefined {
  const row = karpenterCompatibility(version);
  if (!row) return undefined;
  const order = minorOrder(kubernetesVersion);
  if (order >= minorOrder(row.minKubernetes) && order <= minorOrder(row.maxKubernetes)) return undefined;
  return (
    `Karpenter ${version} supports Kubernetes ${row.minKubernetes} to ${row.maxKubernetes}, not ${kubernetesVersion}; ` +
    `use ${defaultKarpenterVersionOrUndefined(kubernetesVersion) ?? 'a release that supports it'}`
  );
}

function defaultKarpenterVersionOrUndefined(kubernetesVersion: string): string | undefined {
  try {
    return defaultKarpenterVersion(kubernetesVersion);
  } catch {
    return undefined;
  }
}

function supportedRange(): string {
  return KARPENTER_COMPATIBILITY.map((c) => `${c.karpenter}: Kubernetes ${c.minKubernetes}-${c.maxKubernetes}`).join(
    ', ',
  );
}
