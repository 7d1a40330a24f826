import {
  KARPENTER_COMPATIBILITY,
  defaultKarpenterVersion,
  karpenterAtLeast,
  karpenterIncompatibility,
} from '../../lib/karpenter/karpenter-version';

describe("Karpenter's compatibility matrix", () => {
  // From the v1.15 compatibility page: 1.35 needs ≥ 1.9, 1.36 ≥ 1.13, 1.37 exactly 1.15.x; the Go module's
  // compatibility.yaml gives 1.13.x and 1.14.x the range 1.26-1.36.
  test.each([
    ['1.26', '1.15.2'],
    ['1.35', '1.15.2'],
    ['1.37', '1.15.2'],
    ['v1.36.3', '1.15.2'],
  ])('Kubernetes %s installs Karpenter %s', (kubernetes, karpenter) => {
    expect(defaultKarpenterVersion(kubernetes)).toBe(karpenter);
  });

  test.each(['1.25', '1.38'])('Kubernetes %s has no known release: the error lists the supported ranges', (k) => {
    expect(() => defaultKarpenterVersion(k)).toThrow(
      new RegExp(
        `Kubernetes ${k.replace('.', '\\.')} is supported by no Karpenter release.*1\\.15: Kubernetes 1\\.26-1\\.37`,
      ),
    );
  });

  test.each([
    ['1.14.3', '1.36', undefined],
    ['1.14.3', '1.37', /supports Kubernetes 1\.26 to 1\.36, not 1\.37; use 1\.15\.2/],
    ['1.13.1', '1.25', /supports Kubernetes 1\.26 to 1\.36, not 1\.25; use a release that supports it/],
    // A minor the matrix does not know is not judged here (the controller warns instead).
    ['1.16.0', '1.37', undefined],
  ])('Karpenter %s on Kubernetes %s', (karpenter, kubernetes, message) => {
    const why = karpenterIncompatibility(karpenter, kubernetes);
    if (message) expect(why).toMatch(message);
    else expect(why).toBeUndefined();
  });

  test('every row installs a patch release of its own minor, newest first', () => {
    for (const row of KARPENTER_COMPATIBILITY) expect(row.latestPatch.startsWith(`${row.karpenter}.`)).toBe(true);
    const minors = KARPENTER_COMPATIBILITY.map((r) => Number(r.karpenter.split('.')[1]));
    expect(minors).toEqual([...minors].sort((a, b) => b - a));
  });

  test.each([
    ['1.15.0', '1.15.0', true],
    ['1.15.2', '1.15.0', true],
    ['1.14.9', '1.15.0', false],
    ['2.0.0', '1.15.0', true],
    ['v1.13.0', '1.13.0', true],
  ])('%s is at least %s: %s', (version, floor, expected) => {
    expect(karpenterAtLeast(version, floor)).toBe(expected);
  });
});
