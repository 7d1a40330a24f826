import { PodNetworking, PodNetworkingOptions } from '../../lib';
import {
  VpcCniWarmPool,
  apiServerGateMatters,
  parseVpcCniEnv,
  readVpcCniEnv,
  renderVpcCniConfiguration,
} from '../../lib/cni/vpc-cni-codec';

const MODES: Array<[string, PodNetworking]> = [];
for (const prefix of [false, true]) {
  for (const customNetworking of [false, true]) {
    for (const securityGroupsForPods of [false, true]) {
      for (const maxEni of [undefined, 3]) {
        const options: PodNetworkingOptions = { customNetworking, securityGroupsForPods, maxEni };
        const mode = prefix ? PodNetworking.prefixDelegation(options) : PodNetworking.secondaryIps(options);
        MODES.push([mode.describe(), mode]);
      }
    }
  }
}

/** Every warm-pool combination the CNI accepts (the others are errors, tested in the add-on's tests). */
const WARM_POOLS: Array<[string, VpcCniWarmPool, boolean]> = [
  // [name, warm pool, needs prefix delegation]
  ['CNI defaults', {}, false],
  ['warm ENIs', { warmEniTarget: 2 }, false],
  ['warm IPs', { warmIpTarget: 5 }, false],
  ['warm and minimum IPs', { warmIpTarget: 5, minimumIpTarget: 10 }, false],
  ['cooldown', { ipCooldownPeriodSeconds: 60 }, false],
  ['warm ENIs and cooldown', { warmEniTarget: 1, ipCooldownPeriodSeconds: 0 }, false],
  ['warm prefixes', { warmPrefixTarget: 2 }, true],
];

const cases = MODES.flatMap(([modeName, mode]) =>
  WARM_POOLS.filter(([, , needsPrefix]) => !needsPrefix || mode.prefixDelegationEnabled).map(
    ([poolName, warmPool]) => [modeName, poolName, mode, warmPool] as const,
  ),
);

describe('the VPC CNI codec', () => {
  test('covers every mode × warm-pool combination', () => {
    // 16 modes × 6 pools that apply everywhere + 8 prefix-delegation modes × the warm-prefix pool.
    expect(cases).toHaveLength(16 * 6 + 8 * 1);
  });

  test.each(cases)('round trip: %s with %s', (_, __, mode, warmPool) => {
    const configuration = renderVpcCniConfiguration({
      podNetworking: mode,
      warmPool,
      podSecurityGroupEnforcingMode: 'standard',
      region: 'eu-west-1',
      eniConfigSubnets: {},
    }) as { env: Record<string, string> };
    const parsed = parseVpcCniEnv(configuration.env);
    expect(parsed.podNetworking.sameMathAs(mode)).toBe(true);
    expect(parsed.podNetworking.describe()).toBe(mode.describe());
    // Prefix delegation keeps one free prefix by default (WARM_PREFIX_TARGET=1) unless IP targets take over.
    const prefixDefault =
      mode.prefixDelegationEnabled && warmPool.warmIpTarget === undefined && warmPool.warmPrefixTarget === undefined
        ? { warmPrefixTarget: 1 }
        : {};
    expect(parsed.warmPool).toEqual({ ...warmPool, ...prefixDefault });
    expect(parsed.podSecurityGroupEnforcingMode).toBe(mode.securityGroupsForPods ? 'standard' : undefined);
  });

  test('a mode read back from an environment differs from another mode', () => {
    const parsed = parseVpcCniEnv({ ENABLE_PREFIX_DELEGATION: 'true' }).podNetworking;
    expect(parsed.sameMathAs(PodNetworking.secondaryIps())).toBe(false);
    expect(parsed.sameMathAs(PodNetworking.prefixDelegation({ cniVersion: '1.21.0' }))).toBe(true);
  });

  test('values that are deploy-time tokens are left out', () => {
    expect(parseVpcCniEnv({ WARM_IP_TARGET: '${Token[X]}', MAX_ENI: 'x' })).toEqual({
      podNetworking: expect.anything(),
      warmPool: {},
      podSecurityGroupEnforcingMode: undefined,
    });
  });

  test('a hand-written env no mode can hold reads back as a problem naming the variable, not a prop error', () => {
    expect(readVpcCniEnv({ MAX_ENI: '0' })).toEqual({
      problem: { variable: 'MAX_ENI', value: '0', reason: expect.stringMatching(/whole number of 1 or more/) },
    });
    const read = readVpcCniEnv({ ENABLE_PREFIX_DELEGATION: 'true', MAX_ENI: '3' }, 'v1.19.2-eksbuild.1');
    expect('settings' in read && read.settings.podNetworking.describe()).toMatch(/prefix delegation/);
    expect('settings' in read && read.settings.podNetworking.maxEni).toBe(3);
  });

  test.each([
    [PodNetworking.secondaryIps(), false],
    [PodNetworking.secondaryIps({ cniVersion: '1.19.2' }), true],
    [PodNetworking.secondaryIps({ cniVersion: 'v1.20.0-eksbuild.1' }), false],
    [PodNetworking.prefixDelegation(), false],
    [PodNetworking.secondaryIps({ customNetworking: true }), true],
    [PodNetworking.prefixDelegation({ securityGroupsForPods: true }), true],
  ])('the API-server gate matters for %s: %s', (mode, matters) => {
    expect(apiServerGateMatters(mode)).toBe(matters);
  });
});
