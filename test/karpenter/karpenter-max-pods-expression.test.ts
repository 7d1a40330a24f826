import { KarpenterCelVariables, evaluateKarpenterCel, karpenterCelEvaluator } from './karpenter-cel';
import { PodNetworking } from '../../lib';
import { INSTANCE_TYPE_DATA } from '../../lib/capacity/instance-types.generated';
import { calculateMaxPods } from '../../lib/capacity/max-pods';
import { karpenterPrefixDelegationMaxPods } from '../../lib/karpenter/karpenter-max-pods-expression';
import { isNetkitValidationError } from '../../lib/private/validation-error';

// Karpenter's own evaluator, built from the karpenter-provider-aws Go module (minutes the first time on a machine).
let evaluator: string;
beforeAll(
  () => {
    evaluator = karpenterCelEvaluator();
  },
  20 * 60 * 1000,
);

/** Every type of the library's table with a known vCPU count (the cap needs it), as Karpenter would describe it. */
const TYPES: KarpenterCelVariables[] = Object.entries(INSTANCE_TYPE_DATA)
  .filter(([, row]) => row.vcpus !== undefined)
  .map(([name, row]) => ({
    InstanceType: name,
    VCPUs: row.vcpus!,
    MemoryMiB: 0,
    DefaultENIs: row.defaultCardEnis,
    IPsPerENI: row.ipv4PerEni,
    MaxPods: 0,
  }));

test('the table has the types the expression is checked against', () => {
  expect(TYPES.length).toBeGreaterThan(1000);
});

describe("the prefix-delegation maxPods expression agrees with the library's table, type by type, in Karpenter's own evaluator", () => {
  test.each([
    ['prefix delegation', PodNetworking.prefixDelegation()],
    ['prefix delegation + security groups for pods', PodNetworking.prefixDelegation({ securityGroupsForPods: true })],
    [
      'prefix delegation + custom networking + security groups for pods',
      PodNetworking.prefixDelegation({ customNetworking: true, securityGroupsForPods: true }),
    ],
    ['prefix delegation with MAX_ENI 2', PodNetworking.prefixDelegation({ maxEni: 2 })],
    [
      'prefix delegation on VPC CNI 1.8 (prefixes not counted)',
      PodNetworking.prefixDelegation({ cniVersion: '1.8.0' }),
    ],
  ])('%s', (_, podNetworking) => {
    const reservedEnis = podNetworking.karpenterReservedEnis;
    const expression = karpenterPrefixDelegationMaxPods(podNetworking, reservedEnis);
    const results = evaluateKarpenterCel(evaluator, expression, TYPES);
    const expected = Object.fromEntries(
      TYPES.map((t) => {
        try {
          return [t.InstanceType, calculateMaxPods(t.InstanceType, { podNetworking, reservedEnis }).recommended];
        } catch (err) {
          // No ENI left for pods: Karpenter's own ENI-limited count is 0 then.
          if (isNetkitValidationError(err)) return [t.InstanceType, 0];
          throw err;
        }
      }),
    );
    expect(results).toEqual(expected);
  });
});

test('worked by hand: Nitro, Xen, bare metal and the smallest types', () => {
  const expression = karpenterPrefixDelegationMaxPods(PodNetworking.prefixDelegation(), 0);
  const pick = (names: string[]) => TYPES.filter((t) => names.includes(t.InstanceType));
  expect(
    evaluateKarpenterCel(evaluator, expression, pick(['m5.large', 'm5.24xlarge', 'c4.large', 'm5.metal', 't3.nano'])),
  ).toEqual({
    'm5.large': 110, // 3 ENIs × 9 IPs × 16 + 2 = 434, capped at 110 (2 vCPUs)
    'm5.24xlarge': 250, // 15 × 49 × 16 + 2, capped at 250 (96 vCPUs)
    'c4.large': 29, // Xen: no prefixes, 3 × 9 + 2
    'm5.metal': 250, // bare metal: no prefixes, 15 × 49 + 2 = 737, capped at 250
    't3.nano': 34, // 2 ENIs × 1 IP × 16 + 2
  });
  // One ENI reserved: t3.nano keeps one ENI, 1 × 1 × 16 + 2.
  const reserved = karpenterPrefixDelegationMaxPods(PodNetworking.prefixDelegation({ securityGroupsForPods: true }), 1);
  expect(evaluateKarpenterCel(evaluator, reserved, pick(['t3.nano']))).toEqual({ 't3.nano': 18 });
});

test("Karpenter's evaluator is not lenient: an expression of the other dialect fails", () => {
  // nodeadm's variable physical_memory_mib is not Karpenter's memory_mib.
  const [m5] = TYPES.filter((t) => t.InstanceType === 'm5.large');
  const result = evaluateKarpenterCel(evaluator, 'physical_memory_mib / 100', [m5]);
  expect(result['m5.large']).toMatch(/undeclared reference to 'physical_memory_mib'/);
});
