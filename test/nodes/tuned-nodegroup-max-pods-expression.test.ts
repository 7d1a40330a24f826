import { Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { NodeImage, PodNetworking, TunedNodegroup, TunedNodegroupOptions } from '../../lib';
import { testCluster } from '../fixtures/cluster';
import { launchTemplateUserData, nodeadmDropIns } from '../util';

function synth(options: TunedNodegroupOptions) {
  const { stack, cluster } = testCluster({ kubectl: false });
  new TunedNodegroup(stack, 'Nodes', { cluster, ...options });
  return { template: Template.fromStack(stack), stack };
}

function kubelet(template: Template) {
  const [parts] = launchTemplateUserData(template);
  return nodeadmDropIns(parts)[0].spec.kubelet;
}

describe('TunedNodegroup maxPodsExpression (nodeadm dialect)', () => {
  test('the lowest value across the types becomes maxPods, with kubeReserved to match', () => {
    // m5.large: min(vcpus × 10, 29) = 20; m5.xlarge: 4 × (15 − 1) + 2 = 58, min(40, 58) = 40 → 20
    const { template } = synth({
      instanceTypes: ['m5.xlarge', 'm5.large'],
      maxPodsExpression: '(vcpus * 10) < max_pods ? (vcpus * 10) : max_pods',
    });
    const k = kubelet(template);
    expect(k.config.maxPods).toBe(20);
    expect(k.config.kubeReserved).toEqual({ memory: `${11 * 20 + 255}Mi` });
    expect(k.flags).toEqual(['--max-pods=20']);
  });

  test('nodeadm’s custom-networking expression on a custom-networking node group matches and does not warn', () => {
    const { template, stack } = synth({
      instanceTypes: ['m5.large'],
      podNetworking: PodNetworking.secondaryIps({ customNetworking: true }),
      maxPodsExpression: '((default_enis - 1) * (ips_per_eni - 1)) + 2',
    });
    expect(kubelet(template).config.maxPods).toBe(20);
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('maxPodsExpressionOneEniShort'));
  });

  test('the same expression without custom networking warns that one ENI of pods goes unused', () => {
    const { stack } = synth({
      instanceTypes: ['m5.large'],
      maxPodsExpression: '((default_enis - 1) * (ips_per_eni - 1)) + 2',
    });
    Annotations.fromStack(stack).hasWarning(
      `/${stack.stackName}/Nodes`,
      Match.stringLikeRegexp('custom-networking figure \\(one ENI fewer\\) on m5\\.large \\(20 of 29\\)'),
    );
  });

  test('Bottlerocket gets the evaluated value too (the library evaluates, not the node)', () => {
    const { template } = synth({
      instanceTypes: ['m5.large'],
      nodeImage: NodeImage.BOTTLEROCKET,
      maxPodsExpression: 'max_pods - 4',
    });
    // 29 − 4 = 25, and kubeReserved follows it: 11 × 25 + 255 = 530
    const lt = Object.values(template.findResources('AWS::EC2::LaunchTemplate'))[0];
    const toml = lt.Properties.LaunchTemplateData.UserData['Fn::Base64'] as string;
    expect(toml).toMatch(/^max-pods = 25$/m);
    expect(toml).toMatch(/memory = "530Mi"/);
  });

  test.each<[string, Partial<TunedNodegroupOptions>, RegExp]>([
    [
      'above capacity',
      { instanceTypes: ['m5.large'], maxPodsExpression: 'max_pods + 2' },
      /maxPodsExpression 'max_pods \+ 2' on m5\.large gives 31, above the ENI capacity of m5\.large with secondary IPs \(29\)/,
    ],
    [
      'a Karpenter-only function',
      { instanceTypes: ['m5.large'], maxPodsExpression: 'min(110, max_pods)' },
      /calls 'min\(\)', which the nodeadm dialect does not have/,
    ],
    [
      "Karpenter's name for memory",
      { instanceTypes: ['m5.large'], maxPodsExpression: 'memory_mib / 100' },
      /uses 'memory_mib'.*nodeadm calls it physical_memory_mib/,
    ],
    [
      'a value nodeadm rejects on one type',
      { instanceTypes: ['m5.large', 't3.micro'], maxPodsExpression: 'max_pods - 4' },
      // t3.micro: 2 × (2 − 1) + 2 = 4 → 0
      /on t3\.micro fails \(the result 0 is outside 1\.\.2147483647\); nodeadm would silently use its default/,
    ],
    [
      'both maxPods and an expression',
      { instanceTypes: ['m5.large'], maxPodsExpression: 'max_pods', kubelet: { maxPods: 20 } },
      /maxPodsExpression \('max_pods'\) and kubelet\.maxPods \(20\) both set max pods; keep one/,
    ],
    [
      'a token',
      { instanceTypes: ['m5.large'], maxPodsExpression: Token.asString({ Ref: 'P' }) },
      /maxPodsExpression is a token/,
    ],
  ])('%s is refused with the construct path', (_name, options, message) => {
    expect(() => synth(options as TunedNodegroupOptions)).toThrow(message);
    expect(() => synth(options as TunedNodegroupOptions)).toThrow(/Nodes/);
  });
});
