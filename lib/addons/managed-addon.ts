import { Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';

/**
 * Options every managed add-on of the library takes.
 */
export interface ManagedAddonOptions {
  /**
   * The add-on version, e.g. `v1.20.4-eksbuild.2`.
   * @default - EKS's default version for the cluster
   */
  readonly addonVersion?: string;
  /**
   * How EKS resolves conflicts with fields someone else changed.
   * @default 'OVERWRITE'
   */
  readonly resolveConflicts?: string;
}

/** The `AWS::EKS::Addon` with its configuration rendered as the JSON string EKS expects. */
export function managedAddon(
  scope: Construct,
  addonName: string,
  options: ManagedAddonOptions & { readonly cluster: eks.ICluster },
  configuration: Record<string, unknown>,
  extra: Partial<eks.CfnAddonProps> = {},
): eks.CfnAddon {
  return new eks.CfnAddon(scope, 'Resource', {
    clusterName: options.cluster.clusterName,
    addonName,
    addonVersion: options.addonVersion,
    resolveConflicts: options.resolveConflicts ?? 'OVERWRITE',
    configurationValues: Stack.of(scope).toJsonString(configuration),
    ...extra,
  });
}
