import { Lazy, Token } from 'aws-cdk-lib';
import { PUBLISHED_TABLES, readPublishedTable } from './published-tables';
import { InstanceTypes, MaxPods, PodNetworking } from '../../lib';
import { kubeReservedMemoryMiB } from '../../lib/capacity/max-pods';

describe.each(PUBLISHED_TABLES)('plain secondary-IP eniLimit equals AWS published %s', (file) => {
  const rows = readPublishedTable(file);

  test('the table is complete enough to mean something', () => {
    expect(rows.length).toBeGreaterThan(1100);
  });

  test.each(rows)('%s → %i', (instanceType, published) => {
    expect(MaxPods.calculate(instanceType).eniLimit).toBe(published);
  });
});

describe('the EKS max-pods calculator examples', () => {
  // EKS user guide and the upstream max-pods-calculator.sh test vectors.
  test('m5.large: 29, 20 with custom networking, 110 with prefix delegation', () => {
    expect(MaxPods.calculate('m5.large').recommended).toBe(29);
    const custom = MaxPods.calculate('m5.large', {
      podNetworking: PodNetworking.secondaryIps({ customNetworking: true }),
    });
    expect(custom.recommended).toBe(20);
    expect(custom.eniLimit).toBe(20);
    const pd = MaxPods.calculate('m5.large', { podNetworking: PodNetworking.prefixDelegation() });
    expect(pd.recommended).toBe(110);
    expect(pd.eniLimit).toBe(3 * 9 * 16 + 2);
    expect(pd.prefixDelegation).toBe(true);
  });

  test('m5.8xlarge with CNI 1.11.2: 234, and 250 with prefix delegation', () => {
    const cniVersion = '1.11.2';
    expect(
      MaxPods.calculate('m5.8xlarge', { podNetworking: PodNetworking.secondaryIps({ cniVersion }) }).recommended,
    ).toBe(234);
    expect(
      MaxPods.calculate('m5.8xlarge', { podNetworking: PodNetworking.prefixDelegation({ cniVersion }) }).recommended,
    ).toBe(250);
  });

  test('m4.xlarge with CNI 1.7.5: 58', () => {
    expect(
      MaxPods.calculate('m4.xlarge', { podNetworking: PodNetworking.secondaryIps({ cniVersion: '1.7.5' }) })
        .recommended,
    ).toBe(58);
  });

  test('c6in.32xlarge shows 394 uncapped (the calculator --show-max-allowed vector)', () => {
    const result = MaxPods.calculate('c6in.32xlarge');
    expect(result.eniLimit).toBe(394);
    expect(result.recommended).toBe(250);
  });
});

describe('instance-type families the formulas treat specially', () => {
  test('Xen types ignore prefix delegation, and say so', () => {
    const result = MaxPods.calculate('m4.xlarge', { podNetworking: PodNetworking.prefixDelegation() });
    expect(result.prefixDelegation).toBe(false);
    expect(result.eniLimit).toBe(58);
    expect(result.warnings.join()).toMatch(/xen hypervisor/);
    expect(result.explanation).toMatch(/prefixes not counted/);
  });

  test('bare-metal types ignore prefix delegation (EC2 reports no Nitro hypervisor)', () => {
    const result = MaxPods.calculate('m5.metal', { podNetworking: PodNetworking.prefixDelegation() });
    expect(result.prefixDelegation).toBe(false);
    expect(result.eniLimit).toBe(737);
    expect(result.recommended).toBe(250);
  });

  test('prefix delegation needs VPC CNI 1.9.0', () => {
    const old = MaxPods.calculate('m5.large', {
      podNetworking: PodNetworking.prefixDelegation({ cniVersion: '1.8.0' }),
    });
    expect(old.prefixDelegation).toBe(false);
    expect(old.recommended).toBe(29);
    const eksBuild = MaxPods.calculate('m5.large', {
      podNetworking: PodNetworking.prefixDelegation({ cniVersion: 'v1.9.0-eksbuild.1' }),
    });
    expect(eksBuild.prefixDelegation).toBe(true);
  });

  test('multi-card p5.48xlarge counts card 0 only: 2 ENIs × 49 + 2, not the 64 ENIs of all cards', () => {
    const result = MaxPods.calculate('p5.48xlarge');
    expect(InstanceTypes.lookup('p5.48xlarge').totalEnis).toBe(64);
    expect(result.defaultCardEnis).toBe(2);
    expect(result.eniLimit).toBe(100);
  });

  test('non-trunking t3 has no pod-eni and no trunk to reserve', () => {
    const plain = MaxPods.calculate('t3.large');
    const sgp = MaxPods.calculate('t3.large', {
      podNetworking: PodNetworking.secondaryIps({ securityGroupsForPods: true }),
    });
    expect(plain.podEni).toBe(0);
    expect(sgp.eniLimit).toBe(plain.eniLimit);
    expect(sgp.reservedEnis).toBe(0);
  });

  test('security groups for pods takes the trunk ENI on trunking types and reports branch ENIs', () => {
    // m5.large: 3 ENIs, 10 IPv4 each, 9 branch ENIs (VPC resource controller limits).
    const result = MaxPods.calculate('m5.large', {
      podNetworking: PodNetworking.secondaryIps({ securityGroupsForPods: true }),
    });
    expect(result.eniLimit).toBe(2 * 9 + 2);
    expect(result.podEni).toBe(9);
  });

  test('custom networking and the trunk each take one ENI', () => {
    const both = PodNetworking.secondaryIps({ customNetworking: true, securityGroupsForPods: true });
    const result = MaxPods.calculate('m5.xlarge', { podNetworking: both });
    // m5.xlarge: 4 ENIs × 15 IPv4.
    expect(result.usableEnis).toBe(2);
    expect(result.eniLimit).toBe(2 * 14 + 2);
    expect(both.karpenterReservedEnis).toBe(2);
  });

  test('MAX_ENI limits the ENIs counted', () => {
    const result = MaxPods.calculate('m5.8xlarge', { podNetworking: PodNetworking.secondaryIps({ maxEni: 2 }) });
    expect(result.eniLimit).toBe(2 * 29 + 2);
  });

  test('the cap is 110 up to 30 vCPUs and 250 above', () => {
    // m5.4xlarge: 16 vCPUs, 8 ENIs × 30 → 234 capped at 110; m5.8xlarge: 32 vCPUs → 234 stays.
    expect(MaxPods.calculate('m5.4xlarge').recommended).toBe(110);
    expect(MaxPods.calculate('m5.4xlarge').eniLimit).toBe(234);
    expect(MaxPods.calculate('m5.8xlarge').recommended).toBe(234);
  });

  test('a type with unknown vCPUs gets the lower cap, and the explanation says why', () => {
    const result = MaxPods.calculate('c7g-flex.8xlarge', { podNetworking: PodNetworking.prefixDelegation() });
    expect(result.vcpus).toBeUndefined();
    expect(result.recommended).toBe(110);
    expect(result.explanation).toMatch(/vCPUs unknown/);
  });
});

describe('Karpenter reserved ENIs, pods per core, and the user override', () => {
  test('reservedEnis replaces the mode reservation, as Karpenter computes it', () => {
    expect(MaxPods.calculate('m5.large', { reservedEnis: 1 }).eniLimit).toBe(20);
    const cn = PodNetworking.secondaryIps({ customNetworking: true });
    expect(MaxPods.calculate('m5.large', { podNetworking: cn, reservedEnis: 1 }).eniLimit).toBe(20);
  });

  test('reservedEnis below what the mode needs is accepted with a warning', () => {
    const cn = PodNetworking.secondaryIps({ customNetworking: true });
    const result = MaxPods.calculate('m5.large', { podNetworking: cn, reservedEnis: 0 });
    expect(result.eniLimit).toBe(29);
    expect(result.warnings.join()).toMatch(/reservedEnis 0 is less than the 1 ENI.*custom networking.*RESERVED_ENIS/);
  });

  test('podsPerCore limits the recommendation', () => {
    const result = MaxPods.calculate('m5.xlarge', { podsPerCore: 5 });
    expect(result.recommended).toBe(20);
    expect(result.eniLimit).toBe(58);
  });

  test('a user maxPods within capacity is used as is', () => {
    const result = MaxPods.calculate('m5.large', { maxPods: 25 });
    expect(result.maxPods).toBe(25);
    expect(result.recommended).toBe(29);
  });

  test('kubeReserved memory follows 11 × maxPods + 255 MiB', () => {
    expect(kubeReservedMemoryMiB(29)).toBe(574);
    expect(kubeReservedMemoryMiB(110)).toBe(1465);
  });
});

describe('bad input gets a clear error', () => {
  test('unknown type suggests close names', () => {
    expect(() => MaxPods.calculate('m5.larg')).toThrow(/instance type 'm5\.larg' is unknown.*did you mean m5\.large/);
    expect(() => MaxPods.calculate('m5a.larg')).toThrow(/did you mean m5a\.large/);
    expect(() => MaxPods.calculate('zz9.large')).toThrow(/'zz9\.large' is unknown.*needs a newer release/);
  });

  test('malformed type', () => {
    expect(() => MaxPods.calculate('m5large')).toThrow(/'m5large' is malformed: expected <family>\.<size>/);
    expect(() => MaxPods.calculate('M5.LARGE')).toThrow(/malformed/);
  });

  test('malformed CNI version', () => {
    expect(() => PodNetworking.secondaryIps({ cniVersion: '1.9' })).toThrow(
      /cniVersion '1\.9' is not a VPC CNI version: expected X\.Y\.Z/,
    );
    expect(() => PodNetworking.prefixDelegation({ cniVersion: 'latest' })).toThrow(/cniVersion 'latest'/);
  });

  test('negative or fractional reserved ENIs', () => {
    expect(() => MaxPods.calculate('m5.large', { reservedEnis: -1 })).toThrow(
      /reservedEnis \(-1\) must be a whole number from 0 to 1000/,
    );
    expect(() => MaxPods.calculate('m5.large', { reservedEnis: 0.5 })).toThrow(/reservedEnis \(0\.5\)/);
  });

  test('reserved ENIs that leave no usable ENI', () => {
    expect(() => MaxPods.calculate('m5.large', { reservedEnis: 3 })).toThrow(
      /m5\.large has 3 ENI\(s\) on its default network card and reservedEnis 3 reserve\(s\) 3, which leaves no ENI for pod IPs/,
    );
    // hpc6id.32xlarge has a single ENI on its default card.
    expect(() =>
      MaxPods.calculate('hpc6id.32xlarge', { podNetworking: PodNetworking.secondaryIps({ customNetworking: true }) }),
    ).toThrow(/custom networking reserve\(s\) 1, which leaves no ENI/);
  });

  test('maxPods above the ENI capacity names the type, the mode, the limit and the fix', () => {
    const cn = PodNetworking.secondaryIps({ customNetworking: true });
    expect(() => MaxPods.calculate('m5.large', { podNetworking: cn, maxPods: 300 })).toThrow(
      'maxPods (300) exceeds the ENI capacity of m5.large with secondary IPs + custom networking (20); lower maxPods or enable prefix delegation',
    );
  });

  test('MAX_ENI, podsPerCore and maxPods must be positive whole numbers', () => {
    expect(() => PodNetworking.secondaryIps({ maxEni: 0 })).toThrow(
      /maxEni \(0\) must be a whole number from 1 to 1000/,
    );
    expect(() => MaxPods.calculate('m5.large', { podsPerCore: 0 })).toThrow(/podsPerCore \(0\)/);
    expect(() => MaxPods.calculate('m5.large', { maxPods: 1.5 })).toThrow(/maxPods \(1\.5\)/);
  });

  test('podsPerCore on a type with unknown vCPUs', () => {
    expect(() => MaxPods.calculate('c7g-flex.large', { podsPerCore: 10 })).toThrow(
      /vCPU count of c7g-flex\.large, which is unknown/,
    );
  });
});

describe('every type in every mode', () => {
  const modes = {
    'secondary IPs': PodNetworking.secondaryIps(),
    'prefix delegation': PodNetworking.prefixDelegation(),
    'custom networking': PodNetworking.secondaryIps({ customNetworking: true }),
    'security groups for pods': PodNetworking.secondaryIps({ securityGroupsForPods: true }),
    everything: PodNetworking.prefixDelegation({ customNetworking: true, securityGroupsForPods: true }),
  };

  test.each(Object.entries(modes))(
    '%s: recommended never exceeds the IP capacity or the vCPU cap',
    (_, podNetworking) => {
      const results = MaxPods.calculateAll({ podNetworking });
      expect(results.length).toBeGreaterThan(1300);
      for (const r of results) {
        expect(r.recommended).toBeLessThanOrEqual(r.eniLimit);
        expect(r.recommended).toBeLessThanOrEqual(r.vcpus !== undefined && r.vcpus > 30 ? 250 : 110);
        expect(r.podEni >= 0 && r.usableEnis >= 1).toBe(true);
      }
    },
  );

  test('calculateAll leaves out only types where the mode leaves no ENI', () => {
    const all = InstanceTypes.names();
    const plain = MaxPods.calculateAll();
    expect(plain.map((r) => r.instanceType)).toEqual(all);
    const cn = MaxPods.calculateAll({ podNetworking: modes['custom networking'] }).map((r) => r.instanceType);
    const missing = all.filter((t) => !cn.includes(t));
    expect(missing).toEqual(all.filter((t) => InstanceTypes.lookup(t).defaultCardEnis === 1));
  });
});

describe('calculateAll', () => {
  test('leaves out types with unknown vCPUs under podsPerCore, but rejects invalid options outright', () => {
    const results = MaxPods.calculateAll({ podsPerCore: 10 });
    const unknownVcpus = InstanceTypes.names().filter((t) => InstanceTypes.lookup(t).vcpus === undefined);
    expect(unknownVcpus.length).toBeGreaterThan(0);
    expect(results).toHaveLength(InstanceTypes.names().length - unknownVcpus.length);
    expect(() => MaxPods.calculateAll({ reservedEnis: -1 })).toThrow(/reservedEnis \(-1\)/);
  });
});

describe('values the max-pods math needs are literal: a token is refused, its encoding never printed', () => {
  const token = () => Token.asNumber(Lazy.number({ produce: () => 1 }));
  test.each<[string, () => unknown, RegExp]>([
    [
      'maxPods',
      () => MaxPods.calculate('m5.large', { maxPods: token() }),
      /maxPods \(a deploy-time token\) is a deploy-time token, but max pods is computed at synth/,
    ],
    [
      'podsPerCore',
      () => MaxPods.calculate('m5.large', { podsPerCore: token() }),
      /podsPerCore \(a deploy-time token\)/,
    ],
    [
      'reservedEnis',
      () => MaxPods.calculate('m5.large', { reservedEnis: token() }),
      /reservedEnis \(a deploy-time token\)/,
    ],
    ['MAX_ENI', () => PodNetworking.secondaryIps({ maxEni: token() }), /maxEni \(a deploy-time token\)/],
    [
      'the CNI version',
      () => PodNetworking.prefixDelegation({ cniVersion: Lazy.string({ produce: () => '1.19.2' }) }),
      /cniVersion \(a deploy-time token\)/,
    ],
    [
      'Auto Mode measured max pods',
      () => PodNetworking.autoMode({ measuredMaxPods: token() }),
      /measuredMaxPods \(a deploy-time token\)/,
    ],
    [
      'Auto Mode static addresses',
      () => PodNetworking.autoMode({ staticPodAddresses: token() }),
      /staticPodAddresses \(a deploy-time token\)/,
    ],
    [
      'an instance type',
      () => MaxPods.calculate(Lazy.string({ produce: () => 'm5.large' })),
      /instance type is a deploy-time token/,
    ],
    [
      'a looked-up instance type',
      () => InstanceTypes.lookup(Lazy.string({ produce: () => 'm5.large' })),
      /instance type is a deploy-time token/,
    ],
    [
      'Auto Mode options as text',
      () => PodNetworking.autoMode('x' as any),
      /options \('x'\) is not an AutoModePodNetworkingOptions/,
    ],
    [
      'IPv6 options as a list',
      () => PodNetworking.ipv6([] as any),
      /options \(\[\]\) is not an Ipv6PodNetworkingOptions/,
    ],
  ])('%s', (_, run, message) => {
    expect(run).toThrow(message);
    try {
      run();
    } catch (err) {
      expect(String(err)).not.toMatch(/e\+\d{3}|\$\{Token/);
    }
  });
});
