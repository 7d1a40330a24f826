import { NetkitValidationError, isUnresolved, requireInteger } from '../private/validation-error';

/**
 * Container state on its own encrypted gp3 EBS volume, so image pulls and container writes at boot do not throttle
 * the root volume.
 */
export interface DataVolumeOptions {
  /**
   * Whether to add the volume. Without it container state shares the root volume.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Size in GiB (at least 20).
   * @default 100
   */
  readonly sizeGiB?: number;
  /**
   * Provisioned IOPS (gp3: 3,000 to 80,000, at most 500 per GiB).
   * @default 3000
   * @see https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html
   */
  readonly iops?: number;
  /**
   * Provisioned throughput in MiB/s (gp3: 125 to 2,000, at most 0.25 MiB/s per provisioned IOPS).
   * @default 250
   */
  readonly throughputMiBps?: number;
  /**
   * Also put `/var/lib/kubelet` (emptyDir volumes, pod state) on the volume. AL2023 only.
   * @default false
   */
  readonly includeKubeletState?: boolean;
  /**
   * Also put `/var/log/pods` (container logs) on the volume. AL2023 only.
   * @default false
   */
  readonly includePodLogs?: boolean;
}

/** The resolved data-volume settings. */
export interface ResolvedDataVolume {
  readonly sizeGiB: number;
  readonly iops: number;
  readonly throughputMiBps: number;
  readonly includeKubeletState: boolean;
  readonly includePodLogs: boolean;
}

export const DATA_VOLUME_DEFAULTS = { sizeGiB: 100, iops: 3000, throughputMiBps: 250 } as const;
const GP3 = {
  minSizeGiB: 20,
  maxSizeGiB: 65536,
  minIops: 3000,
  maxIops: 80000,
  iopsPerGiB: 500,
  minThroughput: 125,
  maxThroughput: 2000,
  throughputPerIops: 0.25,
};

/**
 * gp3's ratios of one volume, wherever the library renders one (node group data volumes, Auto Mode ephemeral storage):
 * IOPS at most 500 per GiB, above the 3000 every volume gets whatever its size, and throughput at most 0.25 MiB/s per
 * IOPS. The message of the first ratio broken, naming `prop`'s fields; undefined when both hold or a value is a token.
 * @see https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html
 */
export function gp3RatioProblem(
  prop: string,
  volume: { readonly sizeGiB: number; readonly iops: number; readonly throughputMiBps: number },
): string | undefined {
  const { sizeGiB, iops, throughputMiBps } = volume;
  if ([sizeGiB, iops, throughputMiBps].some(isUnresolved)) return undefined;
  const maxIops = Math.max(GP3.minIops, sizeGiB * GP3.iopsPerGiB);
  if (iops > maxIops) {
    return (
      `${prop}.iops (${iops}) exceeds gp3's 500 IOPS per GiB for ${sizeGiB} GiB; raise sizeGiB to at least ` +
      `${Math.ceil(iops / GP3.iopsPerGiB)} or lower iops to ${maxIops}`
    );
  }
  if (throughputMiBps > iops * GP3.throughputPerIops) {
    return (
      `${prop}.throughputMiBps (${throughputMiBps}) exceeds gp3's 0.25 MiB/s per provisioned IOPS (${iops} IOPS allow ` +
      `${iops * GP3.throughputPerIops}); raise iops to at least ${Math.ceil(throughputMiBps / GP3.throughputPerIops)} or lower throughputMiBps`
    );
  }
  return undefined;
}

/** Resolve and check the data-volume options against gp3's limits; undefined when the volume is disabled. */
export function resolveDataVolume(options: DataVolumeOptions = {}): ResolvedDataVolume | undefined {
  if (options.enabled === false) {
    // Options for a volume that is off would be ignored without a word, as NetworkBaseline refuses xOptions with x off.
    const given = Object.entries(options)
      .filter(([k, v]) => k !== 'enabled' && v !== undefined)
      .map(([k]) => `dataVolume.${k}`);
    if (given.length > 0) {
      throw new NetkitValidationError(
        `${given.join(', ')} ${given.length === 1 ? 'is' : 'are'} set, but dataVolume.enabled is false, so the ` +
          `volume is not created and ${given.length === 1 ? 'it' : 'they'} would be ignored; drop ${given.join(', ')}, or set enabled to true`,
      );
    }
    return undefined;
  }
  const sizeGiB = options.sizeGiB ?? DATA_VOLUME_DEFAULTS.sizeGiB;
  const iops = options.iops ?? DATA_VOLUME_DEFAULTS.iops;
  const throughputMiBps = options.throughputMiBps ?? DATA_VOLUME_DEFAULTS.throughputMiBps;
  requireInteger(
    'dataVolume.sizeGiB',
    sizeGiB,
    GP3.minSizeGiB,
    GP3.maxSizeGiB,
    'container images need room; 100 GiB is a sane start',
  );
  requireInteger('dataVolume.iops', iops, GP3.minIops, GP3.maxIops, 'gp3 allows 3000 to 80000 IOPS');
  requireInteger(
    'dataVolume.throughputMiBps',
    throughputMiBps,
    GP3.minThroughput,
    GP3.maxThroughput,
    'gp3 allows 125 to 2000 MiB/s',
  );
  const ratios = gp3RatioProblem('dataVolume', { sizeGiB, iops, throughputMiBps });
  if (ratios) throw new NetkitValidationError(ratios);
  return {
    sizeGiB,
    iops,
    throughputMiBps,
    includeKubeletState: options.includeKubeletState ?? false,
    includePodLogs: options.includePodLogs ?? false,
  };
}
