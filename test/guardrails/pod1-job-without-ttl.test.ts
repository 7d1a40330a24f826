import { CfnParameter } from 'aws-cdk-lib';
import { findings, guardedStack, rawCniAddon } from './fixtures';
import { ClusterJob } from '../../lib';

const SGP = { ENABLE_POD_ENI: 'true', CLUSTER_ENDPOINT: 'https://example.eks.amazonaws.com' };
const job = (spec: Record<string, unknown> = {}) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'db-migrate' },
  spec: {
    template: {
      spec: {
        restartPolicy: 'Never',
        containers: [{ name: 'm', image: 'public.ecr.aws/docker/library/busybox:1.37.0' }],
      },
    },
    ...spec,
  },
});

describe('NETKIT-POD1 Jobs without ttlSecondsAfterFinished on a security-groups-for-pods cluster', () => {
  test('compliant: a ClusterJob', () => {
    const { stack, cluster } = guardedStack();
    rawCniAddon(stack, cluster, SGP);
    new ClusterJob(stack, 'Migrate', { cluster, manifest: job() });
    expect(findings(stack, 'NETKIT-POD1')).toEqual([]);
  });

  test('non-compliant: a Job applied with addManifest and no TTL', () => {
    const { stack, cluster } = guardedStack();
    rawCniAddon(stack, cluster, SGP);
    cluster.addManifest('Migrate', job());
    expect(findings(stack, 'NETKIT-POD1')).toEqual([
      expect.stringMatching(/Job db-migrate has no ttlSecondsAfterFinished: its finished pods keep their branch ENIs/),
    ]);
  });

  test('unresolved: a TTL from a parameter counts as set', () => {
    const { stack, cluster } = guardedStack();
    rawCniAddon(stack, cluster, SGP);
    cluster.addManifest(
      'Migrate',
      job({ ttlSecondsAfterFinished: new CfnParameter(stack, 'Ttl', { type: 'Number' }).valueAsNumber }),
    );
    expect(findings(stack, 'NETKIT-POD1')).toEqual([]);
  });
});
