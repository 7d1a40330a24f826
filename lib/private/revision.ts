import { createHash } from 'node:crypto';
import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** The DaemonSet annotation a patch's revision goes on (the object's own metadata: it rolls no pods). */
export const PATCH_REVISION_ANNOTATION = 'cdk-eks-netkit/patch-revision';

/** Strategic-merge metadata that takes the revision annotation off again when a patch is removed. */
export const REMOVE_PATCH_REVISION = { annotations: { [PATCH_REVISION_ANNOTATION]: null } };

/**
 * A short digest of values as CloudFormation will see them. Patches carry it, so that a change of the add-on they
 * patch also changes the patch, and CloudFormation re-applies it after the add-on update.
 */
export function revisionOf(scope: IConstruct, values: unknown): string {
  const text = JSON.stringify(Stack.of(scope).resolve(values));
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
