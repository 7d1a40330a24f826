import { MaxPods, PodNetworking } from '../../lib';
import { isNetkitValidationError } from '../../lib/private/validation-error';

/*
 * The rule, from AWS's words:
 * - EKS best practices, "Running IPv6 EKS Clusters" (aws/aws-eks-best-practices latest/bpg/networking/ipv6.adoc):
 *   max pods of an IPv6 node = ENIs × (addresses per ENI − 1) × 16 + 2, and managed node groups calculate it for you.
 * - EKS user guide, choosing-instance-type: the calculated value is capped at 110 below 30 vCPUs, 250 above.
 * - VPC CNI README: IPv6 runs only in prefix-delegation mode, on Nitro types.
 * ENI counts (default network card), addresses per ENI and vCPUs below are the EC2 figures of each type, as recorded
 * in the shared EC2 network-limits data (VPC resource controller limits.go, 2026-08-06).
 */
const ipv6 = PodNetworking.ipv6();

describe('max pods of IPv6 nodes, worked by hand from the rule', () => {
  test.each([
    // type,          ENIs, IPs/ENI, vCPUs, ENI limit worked out,    recommended (cap)
    ['m5.large', 3, 10, 2, 3 * (10 - 1) * 16 + 2, 110],
    ['t3.medium', 3, 6, 2, 3 * (6 - 1) * 16 + 2, 110],
    ['m6i.xlarge', 4, 15, 4, 4 * (15 - 1) * 16 + 2, 110],
    ['m5.8xlarge', 8, 30, 32, 8 * (30 - 1) * 16 + 2, 250],
    // two network cards of 8 ENIs each: only the default card counts
    ['c6in.32xlarge', 8, 50, 128, 8 * (50 - 1) * 16 + 2, 250],
    // bare metal: the VPC CNI hands out IPv6 prefixes on Nitro bare metal (1.11+)
    ['m5.metal', 15, 50, 96, 15 * (50 - 1) * 16 + 2, 250],
  ])('%s: %i ENIs × (%i − 1) × 16 + 2, %i vCPUs', (type, enis, ips, vcpus, eniLimit, recommended) => {
    const result = MaxPods.calculate(type as string, { podNetworking: ipv6 });
    expect(result.defaultCardEnis).toBe(enis);
    expect(result.ipv4PerEni).toBe(ips);
    expect(result.vcpus).toBe(vcpus);
    expect(result.eniLimit).toBe(eniLimit);
    expect(result.recommended).toBe(recommended);
    expect(result.maxPods).toBe(recommended);
    expect(result.prefixDelegation).toBe(true);
  });

  test('the best-practices guide example: m5.large works out to 434 (the guide prints 460, an arithmetic slip)', () => {
    // "((3 ENIs)*((10 secondary IPs per ENI-1)* 16)) + 2" = 3 × 144 + 2 = 434
    expect(MaxPods.calculate('m5.large', { podNetworking: ipv6 }).eniLimit).toBe(434);
  });

  test('an m5.large node of an IPv6 cluster gets 110, not the IPv4 secondary-IP 29', () => {
    expect(MaxPods.calculate('m5.large').recommended).toBe(29);
    expect(MaxPods.calculate('m5.large', { podNetworking: ipv6 }).recommended).toBe(110);
  });

  test('the security-groups-for-pods trunk takes no pod addresses on IPv6', () => {
    const result = MaxPods.calculate('m5.large', {
      podNetworking: PodNetworking.ipv6({ securityGroupsForPods: true }),
    });
    expect(result.reservedEnis).toBe(0);
    expect(result.eniLimit).toBe(434);
    expect(result.podEni).toBe(9);
  });

  test('a user maxPods above the cap but within the limit is kept', () => {
    expect(MaxPods.calculate('m5.large', { podNetworking: ipv6, maxPods: 200 }).maxPods).toBe(200);
  });

  test('the explanation names IPv6 and the /80', () => {
    expect(MaxPods.calculate('m5.large', { podNetworking: ipv6 }).explanation).toMatch(/IPv6.*\/80/);
  });
});

describe('what IPv6 refuses', () => {
  test('non-Nitro types, naming the type and why', () => {
    expect(() => MaxPods.calculate('m4.xlarge', { podNetworking: ipv6 })).toThrow(
      /m4\.xlarge cannot run IPv6 pods: it is not a Nitro type \(xen hypervisor\).*prefix delegation/,
    );
  });

  test('VPC CNI older than 1.10.1', () => {
    expect(() => PodNetworking.ipv6({ cniVersion: '1.10.0' })).toThrow(
      /cniVersion '1\.10\.0' cannot run IPv6.*1\.10\.1/,
    );
    expect(PodNetworking.ipv6({ cniVersion: 'v1.10.1-eksbuild.1' }).ipv6Enabled).toBe(true);
  });

  test('every error is a validation error', () => {
    try {
      MaxPods.calculate('m4.xlarge', { podNetworking: ipv6 });
      throw new Error('no error');
    } catch (err) {
      expect(isNetkitValidationError(err)).toBe(true);
    }
  });

  test('the --all table leaves out the types that cannot run IPv6', () => {
    const all = MaxPods.calculateAll({ podNetworking: ipv6 });
    expect(all.find((r) => r.instanceType === 'm4.xlarge')).toBeUndefined();
    expect(all.find((r) => r.instanceType === 'm5.large')?.recommended).toBe(110);
  });
});

describe('the IPv6 mode as a value', () => {
  test('differs from IPv4 prefix delegation, though both count prefixes', () => {
    expect(ipv6.sameMathAs(PodNetworking.prefixDelegation())).toBe(false);
    expect(ipv6.sameMathAs(PodNetworking.ipv6())).toBe(true);
    expect(ipv6.prefixDelegationEnabled).toBe(true);
    expect(ipv6.customNetworking).toBe(false);
    expect(ipv6.describe()).toBe('IPv6 (a /80 prefix per node)');
  });
});
