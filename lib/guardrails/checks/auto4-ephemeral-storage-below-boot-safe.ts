import { BOOT_SAFE_EPHEMERAL_STORAGE } from '../../automode/node-class-manifest';
import { Finding, Guardrail, GuardrailLevel } from '../guardrail';

/** Auto Mode's default ephemeral volume (125 MiB/s) is what image pulls and container starts throttle on at boot. */
const AWS_DEFAULTS = { iops: 3000, throughput: 125 };

/** The one volume of an Auto Mode node, provisioned below what boot needs. */
export const ephemeralStorageBelowBootSafe: Guardrail = {
  id: 'NETKIT-AUTO4',
  level: GuardrailLevel.WARNING,
  what: `an Auto Mode NodeClass whose ephemeral storage has less than ${BOOT_SAFE_EPHEMERAL_STORAGE.throughputMiBps} MiB/s or ${BOOT_SAFE_EPHEMERAL_STORAGE.iops} IOPS (Auto Mode's default is 125 MiB/s)`,
  fix: `set ephemeralStorage throughput to ${BOOT_SAFE_EPHEMERAL_STORAGE.throughputMiBps} MiB/s or more (AutoModeNodeClass does by default)`,
  check: (facts) =>
    facts.autoMode.nodeClasses.flatMap((c): Finding[] => {
      const storage = c.spec.ephemeralStorage ?? {};
      const iops = storage.iops ?? AWS_DEFAULTS.iops;
      const throughput = storage.throughput ?? AWS_DEFAULTS.throughput;
      if (typeof iops !== 'number' || typeof throughput !== 'number') return []; // deploy-time values
      if (iops >= BOOT_SAFE_EPHEMERAL_STORAGE.iops && throughput >= BOOT_SAFE_EPHEMERAL_STORAGE.throughputMiBps) {
        return [];
      }
      return [
        {
          construct: c.resource,
          message:
            `NodeClass ${c.name}: ephemeral storage ${iops} IOPS, ${throughput} MiB/s${storage.throughput === undefined ? ' (the Auto Mode default)' : ''}; ` +
            `image pulls at boot throttle below ${BOOT_SAFE_EPHEMERAL_STORAGE.throughputMiBps} MiB/s. Raise ephemeralStorage.throughput`,
        },
      ];
    }),
};
