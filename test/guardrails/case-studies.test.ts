import { Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { findings, guardedStack, nodeConfigUserData, rawCniAddon, rawNodegroup } from './fixtures';
import { renderMimeMultipart } from '../../lib/bootstrap/mime';

/** Every guardrail ID that reported on the stack. */
function firing(stack: Stack): string[] {
  const ids = [
    'CAP1',
    'CAP2',
    'CAP3',
    'CAP4',
    'IP1',
    'BOOT1',
    'BOOT2',
    'BOOT3',
    'BOOT4',
    'KUBELET1',
    'POD1',
    'DNS1',
    'DNS2',
    'VOL1',
    'VOL2',
    'IMDS1',
    'CNI1',
    'CNI2',
  ];
  return ids.map((id) => `NETKIT-${id}`).filter((id) => findings(stack, id).length > 0);
}

// Each case study in the seeds, written as the small CDK app that reproduces its misconfiguration.

test('enterprise networking at scale: hand-edited bootstrap, max-pods 110 with custom networking, QPS 5, Karpenter without reservedENIs, root-volume state, a weekend scale-up', () => {
  const { stack, cluster } = guardedStack();
  rawCniAddon(stack, cluster, {
    AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true',
    ENI_CONFIG_LABEL_DEF: 'topology.kubernetes.io/zone',
  });
  const bootstrap = renderMimeMultipart([
    {
      contentType: 'text/x-shellscript',
      body: '#!/bin/bash\nhostnamectl set-hostname worker-$(date +%s).corp.internal\niptables -F\nsystemctl restart docker\n',
    },
    {
      contentType: 'application/node.eks.aws',
      body: 'apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  kubelet:\n    config: {maxPods: 110}\n',
    },
  ]);
  rawNodegroup(stack, cluster, 'Workers', {
    instanceTypes: ['m5.xlarge'],
    userData: bootstrap,
    blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize: 20, volumeType: 'gp2' } }],
    minSize: 2,
    maxSize: 40,
  });
  cluster.addHelmChart('Karpenter', {
    chart: 'karpenter',
    repository: 'oci://public.ecr.aws/karpenter/karpenter',
    values: { settings: { clusterName: 'prod' } },
  });
  expect(firing(stack)).toEqual(
    expect.arrayContaining([
      'NETKIT-CAP1',
      'NETKIT-CAP2',
      'NETKIT-BOOT1',
      'NETKIT-BOOT2',
      'NETKIT-BOOT3',
      'NETKIT-KUBELET1',
      'NETKIT-VOL1',
      'NETKIT-VOL2',
      'NETKIT-CNI1',
      'NETKIT-CNI2',
      'NETKIT-DNS1',
    ]),
  );
});

test('the weekend scale-up: a /24 per AZ synthesizes cleanly at 10 nodes and is flagged at 60', () => {
  const at = (maxSize: number) => {
    const { stack, cluster } = guardedStack(`Workers${maxSize}`, 3);
    rawNodegroup(stack, cluster, 'Workers', {
      instanceTypes: ['m5.xlarge'],
      userData: nodeConfigUserData({ maxPods: 58, registryPullQPS: 50 }),
      minSize: 3,
      maxSize,
    });
    return findings(stack, 'NETKIT-IP1');
  };
  // m5.xlarge full nodes hold 60 IPs: 10 nodes are 4 per /24 (240 of 251), 60 nodes are 20 per /24 (1200).
  expect(at(10)).toEqual([]);
  expect(at(60)).toEqual([expect.stringMatching(/needs 1200 IPs for 20 nodes at maximum size but has 251/)]);
});

test('rapid autoscaling: aws-node on an old CNI reaches the API through kube-proxy with no gate', () => {
  const { stack, cluster } = guardedStack();
  new eks.CfnAddon(stack, 'Cni', {
    clusterName: cluster.clusterName,
    addonName: 'vpc-cni',
    addonVersion: 'v1.7.10-eksbuild.1',
  });
  expect(firing(stack)).toContain('NETKIT-CNI1');
});

test('pod-eni exhaustion: security groups for pods, db-migration Jobs without a TTL, and t3 nodes', () => {
  const { stack, cluster } = guardedStack();
  rawCniAddon(stack, cluster, { ENABLE_POD_ENI: 'true', CLUSTER_ENDPOINT: 'https://x.eks.amazonaws.com' });
  rawNodegroup(stack, cluster, 'Workers', { instanceTypes: ['m5a.xlarge', 't3.xlarge'] });
  cluster.addManifest('Migrate', {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'db-migrate' },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'migrate', image: 'app:1' }] } } },
  });
  expect(firing(stack)).toEqual(expect.arrayContaining(['NETKIT-POD1', 'NETKIT-CAP4']));
});

test('monitoring network performance: a large cluster with default CoreDNS and no NodeLocal DNSCache', () => {
  const { stack, cluster } = guardedStack();
  rawNodegroup(stack, cluster, 'Workers', { instanceTypes: ['c5.large'], minSize: 10, maxSize: 80 });
  expect(firing(stack)).toEqual(expect.arrayContaining(['NETKIT-DNS1', 'NETKIT-DNS2']));
});
