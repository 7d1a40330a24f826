/**
 * How long the capacity math takes: every known instance type in every pod-networking mode.
 * Run with `npx projen bench`. Prints figures; asserts nothing.
 */
import { InstanceTypes, MaxPods, MaxPodsOptions, PodNetworking } from '../lib';

const MODES: Record<string, MaxPodsOptions> = {
  'secondary IPs': {},
  'prefix delegation': { podNetworking: PodNetworking.prefixDelegation() },
  'custom networking': { podNetworking: PodNetworking.secondaryIps({ customNetworking: true }) },
  'security groups for pods': { podNetworking: PodNetworking.secondaryIps({ securityGroupsForPods: true }) },
  'PD + custom networking + SGP': {
    podNetworking: PodNetworking.prefixDelegation({ customNetworking: true, securityGroupsForPods: true }),
  },
  'Karpenter reservedEnis=1, podsPerCore=10': { reservedEnis: 1, podsPerCore: 10 },
};
const ROUNDS = 20;

function oneRound(): number {
  let results = 0;
  for (const options of Object.values(MODES)) results += MaxPods.calculateAll(options).length;
  return results;
}

oneRound(); // warm-up: load the data module, let the JIT settle
const started = process.hrtime.bigint();
let calculations = 0;
for (let i = 0; i < ROUNDS; i++) calculations += oneRound();
const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;

console.log(`instance types: ${InstanceTypes.names().length}, modes: ${Object.keys(MODES).length}, rounds: ${ROUNDS}`);
console.log(`calculations: ${calculations} in ${elapsedMs.toFixed(0)} ms`);
console.log(`per round (every type in every mode): ${(elapsedMs / ROUNDS).toFixed(1)} ms`);
console.log(`per calculation: ${((elapsedMs * 1000) / calculations).toFixed(2)} µs`);
