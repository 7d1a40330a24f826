import { knownInstanceTypes, lookupInstanceType } from '../capacity/instance-type-limits';
import { ADDRESSES_PER_PREFIX, HOST_NETWORK_PODS } from '../capacity/max-pods';
import { PodNetworking } from '../capacity/pod-networking';

/** The EKS max-pods calculator's caps, as {@link calculateMaxPods} applies them. */
const SMALL_NODE_CAP = 110;
const LARGE_NODE_CAP = 250;
const SMALL_NODE_MAX_VCPUS = 30;

/**
 * Karpenter's `spec.kubelet.maxPods` for prefix delegation as a CEL expression in Karpenter's dialect (variables
 * `instance_type`, `vcpus`, `default_enis`, `ips_per_eni`; the `NodeClassCEL` gate): per instance type, the value the
 * library's max-pods table recommends with Karpenter's `RESERVED_ENIS`, instead of one lowest value for every type.
 *
 * - ENIs: the default card's (or `MAX_ENI`'s, when lower) minus `reservedEnis`; none left gives 0, as Karpenter's own
 *   ENI-limited count does.
 * - Prefixes count on Nitro types that are not bare metal (the EKS calculator's rule); the types the library's table
 *   knows as Xen or bare metal are named in the expression, and any type it does not know counts as Nitro, as every
 *   new type is.
 * - Cap: 110 up to 30 vCPUs, 250 above.
 * @see https://karpenter.sh/docs/concepts/nodeclasses/
 */
export function karpenterPrefixDelegationMaxPods(podNetworking: PodNetworking, reservedEnis: number): string {
  const enis = podNetworking.maxEni !== undefined ? `min(default_enis, ${podNetworking.maxEni})` : 'default_enis';
  const perAddress = podNetworking.cniSupportsPrefixDelegation
    ? `(${withoutPrefixes()} ? 1 : ${ADDRESSES_PER_PREFIX})`
    : '1';
  const cap = `(vcpus > ${SMALL_NODE_MAX_VCPUS} ? ${LARGE_NODE_CAP} : ${SMALL_NODE_CAP})`;
  const pods = `(${enis} - ${reservedEnis}) * (ips_per_eni - 1) * ${perAddress} + ${HOST_NETWORK_PODS}`;
  return `${enis} <= ${reservedEnis} ? 0 : min(${cap}, ${pods})`;
}

/**
 * A CEL condition true for the types where the EKS calculator counts no prefixes: whole families that are Xen (or
 * report no hypervisor), bare-metal names, and the few other types the table knows, listed by name.
 */
function withoutPrefixes(): string {
  const noPrefixes = (t: string) => {
    const row = lookupInstanceType(t);
    return row.bareMetal || row.hypervisor !== 'nitro';
  };
  const types = knownInstanceTypes();
  const familyOf = (t: string) => t.split('.')[0];
  const families = [...new Set(types.map(familyOf))].filter((f) =>
    types.filter((t) => familyOf(t) === f).every(noPrefixes),
  );
  const metal = (t: string) => t.includes('.metal');
  const others = types.filter((t) => noPrefixes(t) && !families.includes(familyOf(t)) && !metal(t));
  const conditions = [
    `instance_type.matches('^(${families.sort().join('|')})[.]')`,
    "instance_type.contains('.metal')",
    ...(others.length > 0
      ? [
          `instance_type in [${others
            .sort()
            .map((t) => `'${t}'`)
            .join(', ')}]`,
        ]
      : []),
  ];
  return `(${conditions.join(' || ')})`;
}
