import { NetkitValidationError } from '../private/validation-error';

/** A parsed VPC CNI version: `1.19.2`, `v1.19.2`, or an EKS add-on version such as `v1.19.2-eksbuild.1`. */
export interface CniVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/** A version as written: `X.Y.Z`, an optional leading `v`, an optional `-suffix` (semver pre-release/build). */
const VERSION_PATTERN = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/;

/** A version with its suffix (`eksbuild.1` in `v1.19.2-eksbuild.1`). */
export interface ParsedVersion extends CniVersion {
  /** What follows the `-`, when anything does. */
  readonly suffix?: string;
}

/**
 * The library's one version parser: `1.19.2`, `v1.19.2`, `v1.19.2-eksbuild.1`. Undefined for anything else
 * (`v1.19.2_custom`), so a reader that meets such a version can say it could not read it.
 */
export function readVersion(version: string): ParsedVersion | undefined {
  const match = VERSION_PATTERN.exec(version);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), suffix: match[4] };
}

/** Parse a VPC CNI version (1.x.y), or throw an error naming the prop and the accepted forms. */
export function parseCniVersion(version: string, prop = 'cniVersion'): CniVersion {
  const parsed = readVersion(version);
  if (!parsed) {
    throw new NetkitValidationError(
      `${prop} '${version}' is not a VPC CNI version: expected X.Y.Z, optionally with a leading v or an ` +
        'EKS build suffix (1.19.2, v1.19.2-eksbuild.1)',
    );
  }
  // Every VPC CNI release is 1.x.y: another major is a typo or another component's version.
  if (parsed.major !== 1) {
    throw new NetkitValidationError(
      `${prop} '${version}' is not a VPC CNI version: VPC CNI versions are 1.x.y (or v1.x.y), and there is no ` +
        `major version ${parsed.major}; give the version the cluster runs, e.g. 1.19.2 or v1.19.2-eksbuild.1`,
    );
  }
  return { major: parsed.major, minor: parsed.minor, patch: parsed.patch };
}

/** True when `version` is at least `major.minor.patch`. */
export function cniVersionAtLeast(version: CniVersion, major: number, minor: number, patch = 0): boolean {
  if (version.major !== major) return version.major > major;
  if (version.minor !== minor) return version.minor > minor;
  return version.patch >= patch;
}
