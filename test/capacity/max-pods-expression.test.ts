import { Lazy, Token } from 'aws-cdk-lib';
import { MaxPodsExpression, MaxPodsExpressionDialect, PodNetworking } from '../../lib';
import { evaluateKarpenterReservedExpression } from '../../lib/capacity/max-pods-expression';

const NODEADM = MaxPodsExpressionDialect.NODEADM;
const KARPENTER = MaxPodsExpressionDialect.KARPENTER;

// Hand-worked inputs from the instance-type data (default-card ENIs × IPv4 per ENI, vCPUs):
//   t3.medium 3 × 6, 2 vCPUs     m5.large 3 × 10, 2 vCPUs     m5.8xlarge 8 × 30, 32 vCPUs
// ENI formula N × (IPs − 1) + 2: t3.medium 17, m5.large 29, m5.8xlarge 234.
// Custom networking (N − 1): t3.medium 12, m5.large 20, m5.8xlarge 205.

describe('nodeadm dialect: the cases nodeadm itself tests, on real instance types', () => {
  test.each([
    // the standard formula written as an expression
    ['(default_enis * (ips_per_eni - 1)) + 2', 't3.medium', 3 * 5 + 2],
    ['(default_enis * (ips_per_eni - 1)) + 3', 't3.medium', 3 * 5 + 3],
    // unbounded prefix delegation
    ['(default_enis * ((ips_per_eni - 1) * 16)) + 2', 't3.medium', 3 * 5 * 16 + 2],
    // custom networking, nodeadm's documented expression
    ['((default_enis - 1) * (ips_per_eni - 1)) + 2', 't3.medium', 2 * 5 + 2],
    // a cap written with ?: (nodeadm has no min())
    ['max_pods < 30 ? max_pods : 30', 'm5.8xlarge', 30],
    ['max_pods < 30 ? max_pods : 30', 'm5.large', 29],
    ['max_pods + 2', 'm5.large', 31],
    ['(vcpus * 10) < max_pods ? (vcpus * 10) : max_pods', 'm5.large', 20],
    ['417', 'm5.large', 417],
    // a double result is converted to int, truncating
    ['double(max_pods) * 0.5', 'm5.large', 14],
  ])('%s on %s = %i', (expression, instanceType, expected) => {
    const result = MaxPodsExpression.evaluate(expression, instanceType, { dialect: NODEADM });
    expect(result.value).toBe(expected);
    expect(result.effectiveMaxPods).toBe(expected);
    expect(result.failure).toBeUndefined();
  });

  test.each([
    // zero and negative values are refused; nodeadm then uses the ENI formula (17 on t3.medium)
    ['max_pods - ((default_enis * (ips_per_eni - 1)) + 2)', /the result 0 is outside 1\.\.2147483647/],
    ['max_pods - 18', /the result -1 is outside/],
    ['default_enis * 2147483647', /the result 6442450941 is outside/],
  ])('%s fails on t3.medium and nodeadm falls back to 17', (expression, why) => {
    const result = MaxPodsExpression.evaluate(expression, 't3.medium', { dialect: NODEADM });
    expect(result.value).toBeUndefined();
    expect(result.failure).toMatch(why);
    expect(result.effectiveMaxPods).toBe(17);
    expect(result.warnings[0]).toMatch(/nodeadm would log a warning and use its default/);
  });

  test('physical_memory_mib is nodeadm’s name; the data has no memory, so the value is unknown unless given', () => {
    const expression = '(physical_memory_mib / 1024) > 32 ? 110 : max_pods';
    expect(MaxPodsExpression.evaluate(expression, 'm5.large', { dialect: NODEADM }).unknown).toMatch(
      /physical_memory_mib of m5\.large is not in the library's instance-type data/,
    );
    expect(MaxPodsExpression.evaluate(expression, 'm5.large', { dialect: NODEADM, memoryMib: 65536 }).value).toBe(110);
    expect(MaxPodsExpression.evaluate(expression, 'm5.large', { dialect: NODEADM, memoryMib: 8192 }).value).toBe(29);
  });

  test.each([
    [
      'default_enis + fake_variable',
      /uses 'fake_variable', which the nodeadm dialect does not have \(it has default_enis, ips_per_eni, max_pods, vcpus, physical_memory_mib\)/,
    ],
    ['memory_mib / 64', /uses 'memory_mib'.*; nodeadm calls it physical_memory_mib; nodeadm would log a warning/],
    ['instance_type == "m5.large" ? 20 : max_pods', /uses 'instance_type'.*; only karpenter has it/],
    [
      'min(110, max_pods)',
      /calls 'min\(\)', which the nodeadm dialect does not have; nodeadm has no min\(\): write 'a < b \? a : b' instead/,
    ],
    ['true', /returns a bool, not a number/],
    [
      'vcpus * 1.5',
      /does not compile at character 7: found no matching overload for '\*' applied to '\(int, double\)' \(CEL never mixes int and double/,
    ],
    ['', /expression is empty/],
  ])('%s is refused for nodeadm', (expression, message) => {
    expect(() => MaxPodsExpression.check(expression, NODEADM)).toThrow(message);
  });
});

describe("karpenter dialect: Karpenter's documented examples", () => {
  test("the 'default formula' row is the custom-networking formula: one ENI of pods short where custom networking is off", () => {
    const expression = '((default_enis - 1) * (ips_per_eni - 1)) + 2';
    const m5 = MaxPodsExpression.evaluate(expression, 'm5.large', { dialect: KARPENTER });
    expect(m5.value).toBe(2 * 9 + 2);
    expect(m5.libraryEniLimit).toBe(3 * 9 + 2);
    expect(m5.warnings).toEqual([
      'm5.large: the expression gives 20 pods, 9 below the 29 the node has IPs for with secondary IPs: that is the custom-networking figure (one ENI fewer), but custom networking is off',
    ]);
    // With custom networking on, it is the exact figure: no warning.
    const custom = MaxPodsExpression.evaluate(expression, 'm5.large', {
      dialect: KARPENTER,
      podNetworking: PodNetworking.secondaryIps({ customNetworking: true }),
    });
    expect(custom.warnings).toEqual([]);
  });

  test('the prefix-delegation row also drops one ENI, which shows on types under the 250 cap', () => {
    const expression = 'min(250, ((default_enis - 1) * (ips_per_eni - 1)) * 16 + 2)';
    const podNetworking = PodNetworking.prefixDelegation();
    const t3 = MaxPodsExpression.evaluate(expression, 't3.medium', { dialect: KARPENTER, podNetworking });
    expect(t3.value).toBe(2 * 5 * 16 + 2); // 162
    expect(t3.libraryEniLimit).toBe(3 * 5 * 16 + 2); // 242
    expect(t3.warnings[0]).toMatch(/that is the custom-networking figure/);
    const m5 = MaxPodsExpression.evaluate(expression, 'm5.large', { dialect: KARPENTER, podNetworking });
    expect(m5.value).toBe(250); // min(250, 2 × 9 × 16 + 2 = 290)
    expect(m5.warnings[0]).not.toMatch(/custom-networking/);
  });

  test.each([
    ['m5.large', undefined, 29],
    ['m5.8xlarge', undefined, 110],
    // max_pods is Karpenter's ENI-limited figure after RESERVED_ENIS: (3 − 1) × 9 + 2
    ['m5.large', 1, 20],
    ['m5.large', 3, 0],
  ])("'min(110, max_pods)' on %s with RESERVED_ENIS %p = %i", (instanceType, reservedEnis, expected) => {
    const result = MaxPodsExpression.evaluate('min(110, max_pods)', instanceType, { dialect: KARPENTER, reservedEnis });
    expect(result.value).toBe(expected);
  });

  test('the reservation rows: 11 × max_pods + 255 rounds up to 16Mi; max(100, memory_mib / 64)', () => {
    // 11 × 29 + 255 = 574 → next multiple of 16 is 576
    expect(evaluateKarpenterReservedExpression('11 * max_pods + 255', 'memory', 'm5.large', { maxPods: 29 })).toBe(
      '576Mi',
    );
    // 8192 / 64 = 128, a multiple of 16
    expect(
      evaluateKarpenterReservedExpression('max(100, memory_mib / 64)', 'memory', 'm5.large', {
        maxPods: 29,
        memoryMib: 8192,
      }),
    ).toBe('128Mi');
    // 4096 / 64 = 64 < 100 → 100 → 112
    expect(
      evaluateKarpenterReservedExpression('max(100, memory_mib / 64)', 'memory', 'm5.large', {
        maxPods: 29,
        memoryMib: 4096,
      }),
    ).toBe('112Mi');
    // cpu in millicores, up to 10m: 70 + 2 = 72 → 80m; max(60, 2 × 30) = 60m
    expect(evaluateKarpenterReservedExpression('70 + vcpus', 'cpu', 'm5.large', { maxPods: 29 })).toBe('80m');
    expect(evaluateKarpenterReservedExpression('max(60, vcpus * 30)', 'cpu', 'm5.large', { maxPods: 29 })).toBe('60m');
    // a negative result is dropped, as Karpenter drops the entry
    expect(evaluateKarpenterReservedExpression('vcpus - 10', 'cpu', 'm5.large', { maxPods: 29 })).toBeUndefined();
  });

  test('a double result is truncated; instance_type is a string variable', () => {
    expect(MaxPodsExpression.evaluate('double(max_pods) * 0.9', 'm5.large', { dialect: KARPENTER }).value).toBe(26);
    expect(
      MaxPodsExpression.evaluate('instance_type.startsWith("m5.") ? 20 : max_pods', 'm5.large', { dialect: KARPENTER })
        .value,
    ).toBe(20);
  });

  test('a failing expression launches no node: no effective max pods', () => {
    const result = MaxPodsExpression.evaluate('max_pods / (vcpus - 2)', 'm5.large', { dialect: KARPENTER });
    expect(result.failure).toBe('division by zero');
    expect(result.effectiveMaxPods).toBeUndefined();
    expect(result.warnings[0]).toMatch(/Karpenter would mark the EC2NodeClass not ready/);
  });

  test.each([
    ['physical_memory_mib / 64', /uses 'physical_memory_mib'.*; karpenter calls it memory_mib; Karpenter would mark/],
    ['min(1, 2, 3)', /no matching overload for 'min' applied to '\(int, int, int\)'/],
    ['instance_type', /returns a string, not a number/],
  ])('%s is refused for karpenter', (expression, message) => {
    expect(() => MaxPodsExpression.check(expression, KARPENTER)).toThrow(message);
  });

  test('an expression above the IP capacity warns with the pods that would be stuck', () => {
    const result = MaxPodsExpression.evaluate('110', 'm5.large', { dialect: KARPENTER });
    expect(result.warnings).toEqual([
      'm5.large: the expression gives 110 pods but the node has IPs for 29 with secondary IPs; 81 pods would be scheduled there and stay ContainerCreating',
    ]);
  });

  test('check returns the variables read; evaluateAll covers every known type', () => {
    expect(MaxPodsExpression.check('min(110, max_pods) + vcpus * 0', KARPENTER)).toEqual(['max_pods', 'vcpus']);
    const all = MaxPodsExpression.evaluateAll('max_pods', { dialect: NODEADM });
    expect(all.length).toBeGreaterThan(1000);
    // nodeadm's max_pods is the ENI formula, which is the library's figure in secondary-IP mode on every type
    expect(all.filter((r) => r.value !== r.libraryEniLimit)).toEqual([]);
  });

  test('reservedEnis belongs to the karpenter dialect only', () => {
    expect(() => MaxPodsExpression.evaluate('max_pods', 'm5.large', { dialect: NODEADM, reservedEnis: 1 })).toThrow(
      /reservedEnis \(1\) is Karpenter's RESERVED_ENIS/,
    );
  });
});

describe('bad input gets a clear error, not a TypeError', () => {
  const nodeadm = { dialect: MaxPodsExpressionDialect.NODEADM };
  test.each<[string, () => unknown, RegExp]>([
    [
      'no options',
      () => MaxPodsExpression.evaluate('110', 'm5.large', undefined as any),
      /options \(undefined\) is missing/,
    ],
    [
      'a dialect for options',
      () => MaxPodsExpression.evaluate('110', 'm5.large', 'nodeadm' as any),
      /options \('nodeadm'\) is not a MaxPodsExpressionOptions/,
    ],
    [
      'text for podNetworking',
      () => MaxPodsExpression.evaluate('110', 'm5.large', { ...nodeadm, podNetworking: 'x' as any }),
      /options\.podNetworking \('x'\) is not a PodNetworking/,
    ],
    [
      'a look-alike podNetworking',
      () => MaxPodsExpression.evaluateAll('110', { ...nodeadm, podNetworking: {} as any }),
      /options\.podNetworking \(\{\}\) is not a PodNetworking/,
    ],
    [
      'a number for the expression',
      () => MaxPodsExpression.check(110 as any, MaxPodsExpressionDialect.NODEADM),
      /expression \(110\) is not text/,
    ],
    // Evaluated at synth: a token has no value yet, and its encoding must not stand in for one.
    [
      'a token expression',
      () => MaxPodsExpression.check(Lazy.string({ produce: () => '110' }), MaxPodsExpressionDialect.NODEADM),
      /expression is a deploy-time token/,
    ],
    [
      'a token memoryMib',
      () =>
        MaxPodsExpression.evaluate('110', 'm5.large', {
          ...nodeadm,
          memoryMib: Token.asNumber(Lazy.number({ produce: () => 1 })),
        }),
      /options\.memoryMib \(a deploy-time token\)/,
    ],
    [
      'a token reservedEnis',
      () =>
        MaxPodsExpression.evaluate('110', 'm5.large', {
          dialect: MaxPodsExpressionDialect.KARPENTER,
          reservedEnis: Token.asNumber(Lazy.number({ produce: () => 1 })),
        }),
      /options\.reservedEnis \(a deploy-time token\)/,
    ],
  ])('%s', (_, run, message) => {
    expect(run).toThrow(message);
  });
});
