import { App, Stack } from 'aws-cdk-lib';
import { AutoModeStack } from './stacks/auto-mode-stack';
import { BaselineClusterStack } from './stacks/baseline-cluster-stack';
import { BottlerocketStack } from './stacks/bottlerocket-stack';
import { CustomNetworkingStack } from './stacks/custom-networking-stack';
import {
  EXAMPLE_EXISTING_CLUSTER,
  ExistingClusterAttributes,
  ExistingClusterStack,
} from './stacks/existing-cluster-stack';
import { Ipv6ClusterStack } from './stacks/ipv6-cluster-stack';
import { KarpenterStack } from './stacks/karpenter-stack';
import { acknowledgeNagFindings } from './stacks/nag-acknowledgements';

/**
 * Add every reference stack to an app. Context: `netkit:region` (the custom-networking stack's region, default
 * us-east-1) and `netkit:existingCluster` (JSON attributes of the cluster the last stack imports).
 */
export function addReferenceStacks(app: App): Stack[] {
  const region = app.node.tryGetContext('netkit:region') ?? 'us-east-1';
  const given = app.node.tryGetContext('netkit:existingCluster');
  const existing: ExistingClusterAttributes = {
    ...EXAMPLE_EXISTING_CLUSTER,
    ...(typeof given === 'string' ? JSON.parse(given) : given),
  };
  const stacks = [
    new BaselineClusterStack(app, 'NetkitBaseline'),
    new CustomNetworkingStack(app, 'NetkitCustomNetworking', { region }),
    new KarpenterStack(app, 'NetkitKarpenter'),
    new BottlerocketStack(app, 'NetkitBottlerocket'),
    new ExistingClusterStack(app, 'NetkitExistingCluster', { existing }),
    new AutoModeStack(app, 'NetkitAutoMode'),
    new Ipv6ClusterStack(app, 'NetkitIpv6'),
  ];
  stacks.forEach(acknowledgeNagFindings);
  return stacks;
}
