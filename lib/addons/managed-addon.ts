import { IResolvable, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { readVersion } from '../capacity/cni-version';
import { NetkitValidationError, isUnresolved, requireOneOf } from '../private/validation-error';

/**
 * How EKS resolves conflicts between the add-on's configuration and fields someone else changed.
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAddon.html#AmazonEKS-CreateAddon-request-resolveConflicts
 */
export enum AddonResolveConflicts {
  /** EKS overwrites changed fields with the add-on's values. */
  OVERWRITE = 'OVERWRITE',
  /** EKS changes nothing and the create or update fails on a conflict. */
  NONE = 'NONE',
  /** EKS keeps the changed values (updates only). */
  PRESERVE = 'PRESERVE',
}

/**
 * Options every managed add-on of the library takes.
 */
export interface ManagedAddonOptions {
  /**
   * The add-on version, e.g. `v1.20.4-eksbuild.2`.
   * @default - EKS's default version for the cluster
   * @see https://docs.aws.amazon.com/eks/latest/userguide/managing-add-ons.html
   */
  readonly addonVersion?: string;
  /**
   * How EKS resolves conflicts with fields someone else changed.
   * @default AddonResolveConflicts.OVERWRITE
   */
  readonly resolveConflicts?: AddonResolveConflicts;
}

/** EKS add-on versions look like `v1.20.4-eksbuild.2`. */
function isAddonVersion(version: string): boolean {
  const parsed = readVersion(version);
  return parsed !== undefined && version.startsWith('v') && /^eksbuild\.\d+$/.test(parsed.suffix ?? '');
}

/** The `AWS::EKS::Addon` with its configuration rendered as the JSON string EKS expects. */
export function managedAddon(
  scope: Construct,
  addonName: string,
  options: ManagedAddonOptions & { readonly cluster: eks.ICluster },
  configuration: Record<string, unknown> | IResolvable,
  extra: Partial<eks.CfnAddonProps> = {},
): eks.CfnAddon {
  requireOneOf('resolveConflicts', options.resolveConflicts, AddonResolveConflicts, scope);
  const version = options.addonVersion;
  if (version !== undefined && !isUnresolved(version) && !isAddonVersion(version)) {
    throw new NetkitValidationError(
      `addonVersion ('${version}') is not an EKS add-on version: expected vX.Y.Z-eksbuild.N, e.g. v1.20.4-eksbuild.2 ` +
        `(list them with aws eks describe-addon-versions --addon-name ${addonName}), or leave it unset for EKS's default`,
      scope,
    );
  }
  return new eks.CfnAddon(scope, 'Resource', {
    clusterName: options.cluster.clusterName,
    addonName,
    addonVersion: version,
    resolveConflicts: options.resolveConflicts ?? AddonResolveConflicts.OVERWRITE,
    configurationValues: Stack.of(scope).toJsonString(configuration),
    ...extra,
  });
}
