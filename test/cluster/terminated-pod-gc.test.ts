import { Template } from 'aws-cdk-lib/assertions';
import { NetworkBaseline } from '../../lib';
import { importedTestCluster, testCluster } from '../fixtures/cluster';

describe('NetworkBaseline terminatedPodGcThreshold', () => {
  test('sets the control-plane GC threshold on a cluster the app creates', () => {
    const { stack, cluster } = testCluster();
    new NetworkBaseline(stack, 'Baseline', {
      cluster,
      terminatedPodGcThreshold: 40,
      observability: false,
      nodeLocalDns: false,
    });
    Template.fromStack(stack).hasResourceProperties('AWS::EKS::Cluster', {
      KubeControllerManagerConfig: { PodGcControllerConfig: { TerminatedPodGcThreshold: 40 } },
    });
  });

  test('unset leaves the cluster without KubeControllerManagerConfig', () => {
    const { stack, cluster } = testCluster();
    new NetworkBaseline(stack, 'Baseline', { cluster, observability: false, nodeLocalDns: false });
    const [c] = Object.values(Template.fromStack(stack).findResources('AWS::EKS::Cluster'));
    expect(c.Properties.KubeControllerManagerConfig).toBeUndefined();
  });

  test.each([
    [0, /terminatedPodGcThreshold \(0\) must be a whole number ≥ 1; it counts terminated pods cluster-wide/],
    [2.5, /terminatedPodGcThreshold \(2\.5\) must be a whole number ≥ 1/],
  ])('%p is refused with the construct path', (value, message) => {
    const { stack, cluster } = testCluster();
    expect(
      () =>
        new NetworkBaseline(stack, 'Baseline', {
          cluster,
          terminatedPodGcThreshold: value,
          observability: false,
          nodeLocalDns: false,
        }),
    ).toThrow(message);
    expect(
      () =>
        new NetworkBaseline(stack, 'Baseline2', {
          cluster,
          terminatedPodGcThreshold: value,
          observability: false,
          nodeLocalDns: false,
        }),
    ).toThrow(/Baseline2/);
  });

  test('an imported cluster is refused, naming where the setting belongs', () => {
    const { stack, cluster } = importedTestCluster();
    expect(
      () =>
        new NetworkBaseline(stack, 'Baseline', {
          cluster,
          terminatedPodGcThreshold: 40,
          observability: false,
          nodeLocalDns: false,
        }),
    ).toThrow(/terminatedPodGcThreshold \(40\) needs a cluster this app creates .* is imported/);
  });
});
