/**
 * How an EKS Auto Mode node takes pod addresses (NodeClass `spec.advancedNetworking.ipv4PrefixSize`).
 * @see https://docs.aws.amazon.com/eks/latest/userguide/create-node-class.html
 */
export enum Ipv4PrefixSize {
  /**
   * `Auto`: /28 prefixes on the primary ENI (16 addresses each), falling back to single addresses when the subnet has
   * no free /28. The Auto Mode default.
   */
  AUTO = 'Auto',
  /**
   * `"32"`: single secondary addresses, no prefixes. AWS advises it for pod-sparse fleets of a few hundred nodes or
   * more per Availability Zone, and it is the only mode that works in fragmented subnets.
   */
  SINGLE_ADDRESS = '32',
}

/** Every value of {@link Ipv4PrefixSize}, for messages. */
export const IPV4_PREFIX_SIZES: readonly string[] = Object.values(Ipv4PrefixSize);

/** EKS caps max pods on Auto Mode nodes at 110, after the ENI calculation, whatever the vCPU count. */
export const AUTO_MODE_MAX_PODS_CAP = 110;
