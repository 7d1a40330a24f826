import { Match, Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { parse as parseToml } from 'smol-toml';
import { NodeImage, PodNetworking, TunedNodegroup, TunedNodegroupOptions, VpcCni } from '../../lib';
import { shellcheck } from '../bootstrap/shellcheck';
import { podSubnets, testCluster } from '../fixtures/cluster';
import { launchTemplateUserData, nodeadmDropIns } from '../util';

function clusterStack() {
  return testCluster({ kubectl: false });
}

function synth(options: TunedNodegroupOptions) {
  const { stack, cluster } = clusterStack();
  new TunedNodegroup(stack, 'Nodes', { cluster, ...options });
  return Template.fromStack(stack);
}

function kubeletConfig(template: Template) {
  const [parts] = launchTemplateUserData(template);
  const dropIns = nodeadmDropIns(parts);
  expect(dropIns).toHaveLength(1);
  return dropIns[0].spec.kubelet;
}

describe('AL2023 bootstrap', () => {
  test.each([
    // [instance types, mode, expected maxPods] — from AWS's published tables and the EKS calculator rules.
    [['m5.large'], PodNetworking.secondaryIps(), 29],
    [['m5.large'], PodNetworking.secondaryIps({ customNetworking: true }), 20],
    [['m5.large'], PodNetworking.prefixDelegation(), 110],
    [['m5.8xlarge'], PodNetworking.prefixDelegation(), 250],
    [['m5.xlarge', 'm5.large'], PodNetworking.secondaryIps(), 29], // the lowest across types
    [['c6in.32xlarge'], PodNetworking.secondaryIps(), 250],
  ])('%j with %s: maxPods %i and kubeReserved 11 × maxPods + 255 Mi', (instanceTypes, podNetworking, maxPods) => {
    const kubelet = kubeletConfig(synth({ instanceTypes, podNetworking }));
    expect(kubelet.config.maxPods).toBe(maxPods);
    expect(kubelet.config.kubeReserved).toEqual({ memory: `${11 * maxPods + 255}Mi` });
    expect(kubelet.flags).toEqual([`--max-pods=${maxPods}`]);
  });

  test('image pulls are tuned by default and can be overridden', () => {
    expect(kubeletConfig(synth({ instanceTypes: ['m6i.xlarge'] })).config).toMatchObject({
      registryPullQPS: 50,
      registryBurst: 100,
      serializeImagePulls: false,
      maxParallelImagePulls: 10,
    });
    const tuned = kubeletConfig(
      synth({
        instanceTypes: ['m6i.xlarge'],
        kubelet: { registryPullQps: 20, registryBurst: 40, maxParallelImagePulls: 4, maxPods: 30 },
      }),
    );
    expect(tuned.config).toMatchObject({
      registryPullQPS: 20,
      registryBurst: 40,
      maxParallelImagePulls: 4,
      maxPods: 30,
    });
    expect(tuned.config.kubeReserved).toEqual({ memory: `${11 * 30 + 255}Mi` });
  });

  test('the NodeConfig is a nodeadm drop-in document and carries nothing but kubelet settings', () => {
    const [parts] = launchTemplateUserData(synth({ instanceTypes: ['m6i.xlarge'] }));
    const [dropIn] = nodeadmDropIns(parts);
    expect(dropIn.apiVersion).toBe('node.eks.aws/v1alpha1');
    expect(dropIn.kind).toBe('NodeConfig');
    expect(Object.keys(dropIn.spec)).toEqual(['kubelet']);
  });

  test('user data holds a cloud-config part and the volume script only, and every shell part passes shellcheck', () => {
    const [parts] = launchTemplateUserData(
      synth({ instanceTypes: ['m6i.xlarge'], shellScripts: ['#!/bin/bash\necho "extra agent setup"\n'] }),
    );
    expect(parts.map((p) => p.contentType.split(';')[0])).toEqual([
      'text/cloud-config',
      'text/x-shellscript',
      'text/x-shellscript',
    ]);
    const shellParts = parts.filter((p) => p.contentType.startsWith('text/x-shellscript'));
    for (const part of shellParts) {
      expect(shellcheck(part.body)).toEqual({ status: 0, output: '' });
      expect(part.body).not.toMatch(/hostname|iptables|docker|yum update|dnf update/);
    }
  });

  test('the data volume is an encrypted gp3 /dev/xvdb and the root stays 20 GiB gp3', () => {
    synth({
      instanceTypes: ['m6i.xlarge'],
      dataVolume: { sizeGiB: 200, iops: 6000, throughputMiBps: 500 },
    }).hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: Match.objectLike({
        BlockDeviceMappings: [
          {
            DeviceName: '/dev/xvda',
            Ebs: { DeleteOnTermination: true, Encrypted: true, VolumeSize: 20, VolumeType: 'gp3' },
          },
          {
            DeviceName: '/dev/xvdb',
            Ebs: {
              DeleteOnTermination: true,
              Encrypted: true,
              VolumeSize: 200,
              Iops: 6000,
              Throughput: 500,
              VolumeType: 'gp3',
            },
          },
        ],
      }),
    });
  });

  test('the volume script moves the state directories asked for', () => {
    const [parts] = launchTemplateUserData(
      synth({ instanceTypes: ['m6i.xlarge'], dataVolume: { includeKubeletState: true, includePodLogs: true } }),
    );
    expect(parts[1].body).toMatch(/^STATE_DIRS=\(\/var\/lib\/containerd \/var\/lib\/kubelet \/var\/log\/pods\)$/m);
  });

  test('without a data volume there is no volume script and one block device', () => {
    const template = synth({ instanceTypes: ['m6i.xlarge'], dataVolume: { enabled: false } });
    const [parts] = launchTemplateUserData(template);
    expect(parts.map((p) => p.contentType.split(';')[0])).toEqual(['text/cloud-config']);
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: Match.objectLike({ BlockDeviceMappings: [Match.objectLike({ DeviceName: '/dev/xvda' })] }),
    });
  });
});

describe('the launch template and node group', () => {
  test('IMDSv2 is required with hop limit 1, and instances and volumes carry the node group tag', () => {
    synth({ instanceTypes: ['m6i.xlarge'] }).hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: Match.objectLike({
        MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
        TagSpecifications: Match.arrayWith([
          {
            ResourceType: 'instance',
            Tags: Match.arrayWith([{ Key: 'cdk-eks-netkit:nodegroup', Value: Match.stringLikeRegexp('Nodes') }]),
          },
          {
            ResourceType: 'volume',
            Tags: Match.arrayWith([{ Key: 'cdk-eks-netkit:nodegroup', Value: Match.stringLikeRegexp('Nodes') }]),
          },
        ]),
      }),
    });
  });

  test.each([
    [['m6i.xlarge'], undefined, 'AL2023_x86_64_STANDARD'],
    [['m7g.xlarge', 'c7g.xlarge'], undefined, 'AL2023_ARM_64_STANDARD'],
    [['m6i.xlarge'], NodeImage.BOTTLEROCKET, 'BOTTLEROCKET_x86_64'],
    [['m7g.xlarge'], NodeImage.BOTTLEROCKET, 'BOTTLEROCKET_ARM_64'],
  ])('%j on %s always sets amiType %s', (instanceTypes, nodeImage, amiType) => {
    synth({ instanceTypes, nodeImage }).hasResourceProperties('AWS::EKS::Nodegroup', {
      AmiType: amiType,
      LaunchTemplate: Match.objectLike({ Version: { 'Fn::GetAtt': [Match.anyValue(), 'LatestVersionNumber'] } }),
    });
  });

  test('joins after the VPC CNI add-on of the library, whichever is created first', () => {
    const { stack, cluster } = clusterStack();
    const before = new TunedNodegroup(stack, 'Before', { cluster, instanceTypes: ['m6i.xlarge'] });
    const cni = new VpcCni(stack, 'VpcCni', { cluster });
    const after = new TunedNodegroup(stack, 'After', { cluster, instanceTypes: ['m6i.xlarge'] });
    expect(before.nodegroup.node.dependencies).toContain(cni.addon);
    expect(after.nodegroup.node.dependencies).toContain(cni.addon);
  });

  test("defaults to the cluster's pod-networking mode, whichever is created first", () => {
    // m5.large: 3 ENIs × 10 IPv4; custom networking leaves 2 ENIs for pods: 2 × (10 − 1) + 2 = 20.
    const { stack, cluster } = testCluster();
    const early = new TunedNodegroup(stack, 'Early', { cluster, instanceTypes: ['m5.large'] });
    new VpcCni(stack, 'VpcCni', {
      cluster,
      podNetworking: PodNetworking.secondaryIps({ customNetworking: true }),
      customNetworkingSubnets: podSubnets(stack),
    });
    const late = new TunedNodegroup(stack, 'Late', { cluster, instanceTypes: ['m5.large'] });
    expect([early.maxPods, late.maxPods]).toEqual([20, 20]);
  });

  test.each([true, false])(
    'a node group computed for another mode than the VpcCni is an error at synth (node group first: %s)',
    (nodegroupFirst) => {
      const { app, stack, cluster } = clusterStack();
      const nodes = () =>
        new TunedNodegroup(stack, 'Nodes', {
          cluster,
          instanceTypes: ['m5.large'],
          podNetworking: PodNetworking.prefixDelegation(),
        });
      if (nodegroupFirst) nodes();
      new VpcCni(stack, 'VpcCni', { cluster });
      if (!nodegroupFirst) nodes();
      expect(() => app.synth()).toThrow(
        /Test\/Nodes\] podNetworking is prefix delegation, but the cluster runs secondary IPs according to Test\/VpcCni/,
      );
    },
  );

  test('modes that differ only in what does not change max pods are the same', () => {
    const { app, stack, cluster } = clusterStack();
    new VpcCni(stack, 'VpcCni', { cluster, podNetworking: PodNetworking.secondaryIps({ cniVersion: '1.21.0' }) });
    const nodes = new TunedNodegroup(stack, 'Nodes', {
      cluster,
      instanceTypes: ['m5.large'],
      podNetworking: PodNetworking.secondaryIps(),
    });
    expect(() => app.synth()).not.toThrow();
    expect(nodes.maxPods).toBe(3 * (10 - 1) + 2);
  });
});

describe('Bottlerocket', () => {
  test('TOML settings carry the same kubelet values, and the data volume /dev/xvdb is sized', () => {
    const template = synth({
      instanceTypes: ['m5.large'],
      nodeImage: NodeImage.BOTTLEROCKET,
      dataVolume: { sizeGiB: 80 },
    });
    const lt = Object.values(template.findResources('AWS::EC2::LaunchTemplate'))[0];
    const settings = parseToml(lt.Properties.LaunchTemplateData.UserData['Fn::Base64']) as any;
    expect(settings.settings.kubernetes).toEqual({
      'max-pods': 29,
      'registry-qps': 50,
      'registry-burst': 100,
      'max-parallel-image-pulls': 10,
      'kube-reserved': { memory: `${11 * 29 + 255}Mi` },
    });
    expect(lt.Properties.LaunchTemplateData.BlockDeviceMappings).toEqual([
      { DeviceName: '/dev/xvdb', Ebs: expect.objectContaining({ VolumeSize: 80, VolumeType: 'gp3', Encrypted: true }) },
    ]);
  });
});

describe('bad input gets a clear error', () => {
  test.each<[string, Partial<TunedNodegroupOptions>, RegExp]>([
    [
      'unknown instance type',
      { instanceTypes: ['m6i.xlarg'] },
      /instanceTypes\[0\] \('m6i\.xlarg'\) is unknown.*did you mean m6i\.xlarge/,
    ],
    [
      'mixed architectures',
      { instanceTypes: ['m6i.xlarge', 'm7g.xlarge'] },
      /instanceTypes mix CPU architectures \(x86_64: m6i\.xlarge; arm64: m7g\.xlarge\)/,
    ],
    [
      'maxPods above the ENI limit',
      { instanceTypes: ['m5.xlarge', 'm5.large'], kubelet: { maxPods: 40 } },
      /maxPods \(40\) exceeds the ENI capacity of m5\.large with secondary IPs \(29\)/,
    ],
    [
      'tiny data volume',
      { dataVolume: { sizeGiB: 8 } },
      /dataVolume\.sizeGiB \(8\) must be a whole number from 20 to 65536/,
    ],
    [
      'IOPS outside gp3',
      { dataVolume: { iops: 1000 } },
      /dataVolume\.iops \(1000\) must be a whole number from 3000 to 80000/,
    ],
    [
      'throughput outside gp3',
      { dataVolume: { throughputMiBps: 4000 } },
      /dataVolume\.throughputMiBps \(4000\) must be a whole number from 125 to 2000/,
    ],
    [
      'throughput above the IOPS ratio',
      { dataVolume: { iops: 3000, throughputMiBps: 1000 } },
      /0\.25 MiB\/s per provisioned IOPS .*raise iops to at least 4000/,
    ],
    [
      'IOPS above 500 per GiB',
      { dataVolume: { sizeGiB: 20, iops: 16000 } },
      /500 IOPS per GiB .*raise sizeGiB to at least 32/,
    ],
    [
      'Bottlerocket with a shell part',
      { nodeImage: NodeImage.BOTTLEROCKET, shellScripts: ['#!/bin/bash\ntrue'] },
      /shellScripts cannot run on Bottlerocket/,
    ],
    ['small AL2023 root', { rootVolumeSizeGiB: 8 }, /rootVolumeSizeGiB \(8\) must be a whole number from 20/],
    [
      'amiType of another image',
      { amiType: eks.NodegroupAmiType.BOTTLEROCKET_X86_64 },
      /amiType BOTTLEROCKET_x86_64 does not belong to nodeImage AL2023/,
    ],
    [
      'registryBurst below QPS',
      { kubelet: { registryPullQps: 50, registryBurst: 10 } },
      /registryBurst \(10\) is below registryPullQps \(50\)/,
    ],
  ])('%s', (_, options, message) => {
    expect(() => synth({ instanceTypes: ['m6i.xlarge'], ...options })).toThrow(message);
  });
});

describe('an imported cluster without its VPC', () => {
  test('is refused by name, with the fix, where aws-cdk-lib would fail without a construct path', () => {
    const { stack } = clusterStack();
    const cluster = eks.Cluster.fromClusterAttributes(stack, 'Imported', { clusterName: 'existing' });
    expect(() => new TunedNodegroup(stack, 'Nodes', { cluster, instanceTypes: ['m5.large'] })).toThrow(
      /^Test\/Nodes: cluster Test\/Imported was imported without a vpc, and a managed node group takes its subnets from it; give Cluster.fromClusterAttributes the cluster VPC/,
    );
  });
});
