import { Finding, Guardrail, GuardrailLevel } from '../guardrail';

/** gp2 performance scales with size and runs on burst credits; small gp2 roots throttle at boot. */
export const gp2Volume: Guardrail = {
  id: 'NETKIT-VOL2',
  level: GuardrailLevel.WARNING,
  what: 'gp2 node volumes',
  fix: 'use gp3 (3,000 IOPS and 125 MiB/s at any size)',
  check: (facts) =>
    facts.clusters.flatMap((cluster) =>
      cluster.nodegroups.flatMap((ng): Finding[] =>
        (ng.blockDevices ?? [])
          .filter((d) => d.Ebs?.VolumeType === 'gp2')
          .map((d) => ({
            construct: ng.launchTemplate ?? ng.resource,
            message: `${d.DeviceName ?? 'a volume'} is gp2: a small gp2 volume runs on burst credits and throttles when a node boots. Use gp3`,
          })),
      ),
    ),
};
