import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { NetkitValidationError } from '../private/validation-error';

/**
 * The node operating system. AL2 is not offered: it reached end of support on 2025-11-26 and EKS publishes no AL2
 * AMIs for Kubernetes 1.33 and later.
 */
export enum NodeImage {
  /** Amazon Linux 2023, bootstrapped by nodeadm. */
  AL2023 = 'AL2023',
  /** Bottlerocket, configured by TOML settings. */
  BOTTLEROCKET = 'BOTTLEROCKET',
}

/** The CPU architecture every one of `instanceTypes` shares; mixing them in one node group is an error. */
export function architectureOf(instanceTypes: readonly string[]): ec2.InstanceArchitecture {
  const byArchitecture = new Map<ec2.InstanceArchitecture, string[]>();
  for (const t of instanceTypes) {
    const architecture = new ec2.InstanceType(t).architecture;
    byArchitecture.set(architecture, [...(byArchitecture.get(architecture) ?? []), t]);
  }
  if (byArchitecture.size > 1) {
    const groups = [...byArchitecture].map(([arch, types]) => `${arch}: ${types.join(', ')}`).join('; ');
    throw new NetkitValidationError(
      `instanceTypes mix CPU architectures (${groups}); a node group runs one AMI, so split them into one node group per architecture`,
    );
  }
  return [...byArchitecture.keys()][0];
}

/** The managed node group AMI type for an image and architecture: always explicit, never aws-cdk-lib's AL2 default. */
export function amiTypeFor(image: NodeImage, architecture: ec2.InstanceArchitecture): eks.NodegroupAmiType {
  const arm = architecture === ec2.InstanceArchitecture.ARM_64;
  if (image === NodeImage.BOTTLEROCKET) {
    return arm ? eks.NodegroupAmiType.BOTTLEROCKET_ARM_64 : eks.NodegroupAmiType.BOTTLEROCKET_X86_64;
  }
  return arm ? eks.NodegroupAmiType.AL2023_ARM_64_STANDARD : eks.NodegroupAmiType.AL2023_X86_64_STANDARD;
}
