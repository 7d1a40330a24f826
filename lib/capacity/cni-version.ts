import { NetkitValidationError } from '../private/validation-error';

/** A parsed VPC CNI version: `1.19.2`, `v1.19.2`, or an EKS add-on version such as `v1.19.2-eksbuild.1`. */
export interface CniVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

const CNI_VERSION_PATTERN = /^v?(\d+)\.(\d+)\.(\d+)(?:-[0-9A-Za-z.-]+)?$/;

/** Parse a VPC CNI version, or throw an error naming the prop and the accepted forms. */
export function parseCniVersion(version: string, prop = 'cniVersion'): CniVersion {
  const match = CNI_VERSION_PATTERN.exec(version);
  if (!match) {
    throw new NetkitValidationError(
      `${prop} '${version}' is not a VPC CNI version: expected X.Y.Z, optionally with a leading v or an ` +
        'EKS build suffix (1.19.2, v1.19.2-eksbuild.1)',
    );
  }
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

/** True when `version` is at least `major.minor.patch`. */
export function cniVersionAtLeast(version: CniVersion, major: number, minor: number, patch = 0): boolean {
  if (version.major !== major) return version.major > major;
  if (version.minor !== minor) return version.minor > minor;
  return version.patch >= patch;
}
