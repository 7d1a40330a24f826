import { Template } from 'aws-cdk-lib/assertions';
import { NodeImage, TunedNodegroup, TunedNodegroupOptions, WarmPoolState } from '../../lib';
import { warmInstancesAtMaxSize } from '../../lib/nodes/warm-pool';
import { testCluster } from '../fixtures/cluster';

function synth(options: Partial<TunedNodegroupOptions>) {
  const { stack, cluster } = testCluster({ kubectl: false });
  new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.large'], ...options });
  return Template.fromStack(stack);
}

describe('TunedNodegroup warm pools', () => {
  test('the typed options become the node group WarmPoolConfig, Stopped by default', () => {
    synth({ maxSize: 4, warmPool: { minSize: 1 } }).hasResourceProperties('AWS::EKS::Nodegroup', {
      WarmPoolConfig: { Enabled: true, MinSize: 1, PoolState: 'STOPPED' },
    });
    synth({
      maxSize: 4,
      warmPool: { maxGroupPreparedCapacity: 6, poolState: WarmPoolState.HIBERNATED, reuseOnScaleIn: true },
    }).hasResourceProperties('AWS::EKS::Nodegroup', {
      WarmPoolConfig: { Enabled: true, MaxGroupPreparedCapacity: 6, PoolState: 'HIBERNATED', ReuseOnScaleIn: true },
    });
  });

  test("the states are CloudFormation's PoolState values (HIBERNATED, RUNNING, STOPPED, upper case)", () => {
    // AWS::EKS::Nodegroup WarmPoolConfig.PoolState: cfn-lint and CDK's template validation refuse 'Stopped' (W3030).
    expect(Object.values(WarmPoolState).sort()).toEqual(['HIBERNATED', 'RUNNING', 'STOPPED']);
  });

  test('no warmPool, no WarmPoolConfig', () => {
    const [ng] = Object.values(synth({}).findResources('AWS::EKS::Nodegroup'));
    expect(ng.Properties.WarmPoolConfig).toBeUndefined();
  });

  test('Bottlerocket takes Stopped and Running', () => {
    synth({
      nodeImage: NodeImage.BOTTLEROCKET,
      warmPool: { poolState: WarmPoolState.RUNNING },
    }).hasResourceProperties('AWS::EKS::Nodegroup', { WarmPoolConfig: { PoolState: 'RUNNING' } });
  });

  test.each<[string, Partial<TunedNodegroupOptions>, RegExp]>([
    [
      'Hibernated on Bottlerocket',
      { nodeImage: NodeImage.BOTTLEROCKET, warmPool: { poolState: WarmPoolState.HIBERNATED } },
      /warmPool\.poolState Hibernated is not available on Bottlerocket; use WarmPoolState\.STOPPED or RUNNING/,
    ],
    [
      'reuseOnScaleIn on Bottlerocket',
      { nodeImage: NodeImage.BOTTLEROCKET, warmPool: { reuseOnScaleIn: true } },
      /warmPool\.reuseOnScaleIn is not available on Bottlerocket/,
    ],
    [
      'prepared capacity below maxSize',
      { maxSize: 5, warmPool: { maxGroupPreparedCapacity: 3 } },
      /warmPool\.maxGroupPreparedCapacity \(3\) is below maxSize \(5\)/,
    ],
    ['a negative minSize', { warmPool: { minSize: -1 } }, /warmPool\.minSize \(-1\) must be a whole number ≥ 0/],
    [
      'a state that is not one',
      { warmPool: { poolState: 'Frozen' as WarmPoolState } },
      /Test\/Nodes: warmPool\.poolState \('Frozen'\) must be one of STOPPED, RUNNING, HIBERNATED/,
    ],
  ])('%s is refused with the construct path', (_name, options, message) => {
    expect(() => synth(options)).toThrow(message);
    expect(() => synth(options)).toThrow(/Nodes/);
  });

  test.each([
    // [maxSize, minSize, maxGroupPreparedCapacity, warm instances beside a full node group]
    [10, 0, undefined, 0], // prepared capacity defaults to maxSize: nothing beyond it
    [10, 3, undefined, 3],
    [10, 0, 14, 4],
    [10, 5, 12, 5],
  ])('maxSize %i, minSize %i, prepared %p → %i warm at maximum size', (maxSize, minSize, prepared, warm) => {
    expect(warmInstancesAtMaxSize(maxSize, minSize, prepared)).toBe(warm);
  });
});
