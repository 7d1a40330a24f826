import type * as Generated from './instance-types.generated';

// The instance-type table is most of the package's size (a row for each of 1,420 types): it is loaded the first time
// a limit is looked up, not when the package is required (require caches it after).
function generated(): typeof Generated {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./instance-types.generated');
}
import { editDistance } from '../private/edit-distance';
import { NetkitValidationError } from '../private/validation-error';
import { describeValue, isToken } from '../private/validators';

/**
 * The EC2 network limits of one instance type, as the library's generated data module records them.
 */
export interface InstanceTypeLimits {
  /** The instance type, e.g. `m5.large`. */
  readonly instanceType: string;
  /** ENIs on the default network card: the only ENIs the VPC CNI and every max-pods formula count. */
  readonly defaultCardEnis: number;
  /** ENIs over all network cards (EC2 `MaximumNetworkInterfaces`); never use it for pod math. */
  readonly totalEnis: number;
  /** Number of network cards. */
  readonly networkCards: number;
  /** IPv4 addresses per ENI, the primary one included. */
  readonly ipv4PerEni: number;
  /** Whether the type supports a trunk ENI (security groups for pods). */
  readonly trunking: boolean;
  /** Branch ENIs a node advertises as `vpc.amazonaws.com/pod-eni` when trunking is enabled. */
  readonly branchEnis: number;
  /** `nitro`, `xen`, or empty when EC2 reports no hypervisor (bare metal). */
  readonly hypervisor: string;
  /** Whether the type is bare metal. */
  readonly bareMetal: boolean;
  /**
   * Default vCPUs (EC2 `VCpuInfo.DefaultVCpus`).
   * @default - unknown: no public figure was found for this type
   */
  readonly vcpus?: number;
}

/**
 * The instance types the library knows: EC2 network limits generated from the VPC resource controller's limits
 * and EC2 `DescribeInstanceTypes`.
 */
export class InstanceTypes {
  /** Limits of one instance type; throws for a malformed or unknown name, suggesting close names. */
  public static lookup(instanceType: string): InstanceTypeLimits {
    return lookupInstanceType(instanceType);
  }

  /** Every known instance type, sorted. */
  public static names(): string[] {
    return knownInstanceTypes();
  }

  /** Where the data came from, with dates. */
  public static sources(): string[] {
    return [...generated().INSTANCE_TYPE_DATA_SOURCES];
  }

  private constructor() {}
}

/** The shape of one row of the generated data module. @internal */
export interface InstanceTypeRow {
  readonly defaultCardEnis: number;
  readonly ipv4PerEni: number;
  readonly trunking: boolean;
  readonly branchEnis: number;
  readonly hypervisor: string;
  readonly bareMetal: boolean;
  readonly vcpus?: number;
  readonly totalEnis: number;
  readonly networkCards: number;
}

const INSTANCE_TYPE_PATTERN = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;

/** Every instance type the data module knows, sorted. */
export function knownInstanceTypes(): string[] {
  return Object.keys(generated().INSTANCE_TYPE_DATA).sort();
}

/**
 * Why a name is no instance type the data knows ('is malformed: …', 'is unknown …; did you mean …'), or undefined
 * for a known one: the one check of instance-type names, for props and lookups alike.
 */
export function unknownInstanceType(instanceType: string): string | undefined {
  if (!INSTANCE_TYPE_PATTERN.test(instanceType)) {
    return 'is malformed: expected <family>.<size> in lower case, e.g. m5.large or c7gn.16xlarge';
  }
  if (generated().INSTANCE_TYPE_DATA[instanceType]) return undefined;
  const close = closeInstanceTypes(instanceType);
  const hint = close.length > 0 ? `; did you mean ${close.join(', ')}?` : '';
  return (
    `is unknown to cdk-eks-netkit's EC2 data${hint} ` +
    '(a type newer than the EC2 data of this cdk-eks-netkit release needs a newer release)'
  );
}

/**
 * Look up an instance type. Throws a validation error that says what was wrong and what to type instead
 * for a malformed or unknown name.
 */
export function lookupInstanceType(instanceType: string): InstanceTypeLimits {
  // Its ENI limits are read here, at synth: a token stands for no type yet, and its text is no name.
  if (isToken(instanceType)) {
    throw new NetkitValidationError(
      "instance type is a deploy-time token, but the library reads the type's ENI limits at synth; give the type itself, e.g. 'm5.large'",
    );
  }
  if (typeof instanceType !== 'string') {
    throw new NetkitValidationError(
      `instance type (${describeValue(instanceType)}) is not text; give the type as a string, e.g. 'm5.large'`,
    );
  }
  const why = unknownInstanceType(instanceType);
  if (why) throw new NetkitValidationError(`instance type '${instanceType}' ${why}`);
  const row = generated().INSTANCE_TYPE_DATA[instanceType];
  return { instanceType, ...row };
}

/**
 * The CPU architecture (`kubernetes.io/arch`) of an instance type, from EC2's naming convention: `g` after the
 * generation number marks AWS Graviton (e.g. `m6g`, `c7gn`, `t4g`), as does the `a1` family; every other family in
 * the table is x86_64.
 * @see https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html
 */
export function architectureOf(instanceType: string): 'arm64' | 'amd64' {
  const family = instanceType.split('.')[0];
  return family === 'a1' || /^[a-z]+\d+g/.test(family) ? 'arm64' : 'amd64';
}

/**
 * The instance category of an instance type (`eks.amazonaws.com/instance-category` in Auto Mode,
 * `karpenter.k8s.aws/instance-category` in Karpenter): the letters of the family before the generation number (m5 → m,
 * c7gn → c, u-6tb1 → u), as karpenter-provider-aws derives the label. Undefined for a name without a generation.
 */
export function instanceCategoryOf(instanceType: string): string | undefined {
  return /^([a-z]+)(?:-\d+tb)?\d/.exec(instanceType)?.[1];
}

/** Up to five known names close to `name`: sizes of the same family first, else the nearest by edit distance. */
export function closeInstanceTypes(name: string): string[] {
  const family = name.split('.')[0];
  const known = knownInstanceTypes();
  const sameFamily = known.filter((t) => t.split('.')[0] === family);
  if (sameFamily.length > 0) {
    return sameFamily.sort((a, b) => editDistance(name, a) - editDistance(name, b)).slice(0, 5);
  }
  return known
    .map((t) => ({ t, d: editDistance(name, t) }))
    .filter(({ d }) => d <= 2)
    .sort((a, b) => a.d - b.d || a.t.localeCompare(b.t))
    .slice(0, 5)
    .map(({ t }) => t);
}
