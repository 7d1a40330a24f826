import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import {
  AutoModeInterfaceType,
  AutoModeNodeClass,
  AutoModeNodeClassProps,
  AutoModeNodePoolOptions,
  Ipv4PrefixSize,
} from '../../lib';
import { architectureOf, instanceCategoryOf } from '../../lib/capacity/instance-type-limits';
import { schemaErrors } from '../schemas';
import { testApp } from '../util';

function nodeClass(props: Partial<AutoModeNodeClassProps> = {}) {
  const stack = new Stack(testApp(), 'Test');
  const cluster = new eks.Cluster(stack, 'Cluster', {
    version: eks.KubernetesVersion.V1_35,
    kubectlProviderOptions: { kubectlLayer: new KubectlV35Layer(stack, 'Kubectl') },
  });
  return new AutoModeNodeClass(stack, 'Workers', { cluster, ...props });
}

function pool(options: AutoModeNodePoolOptions, classProps: Partial<AutoModeNodeClassProps> = {}) {
  return nodeClass(classProps).addNodePool('Pool', options);
}

describe('AutoModeNodePool lifetime and names', () => {
  test('expireAfter up to the 21 days Auto Mode allows (504 h), and valid against the NodePool schema', () => {
    const longest = pool({ expireAfterHours: 21 * 24 });
    expect(longest.manifest.spec.template.spec.expireAfter).toBe('504h');
    expect(schemaErrors([longest.manifest])).toEqual([]);
    expect(() => pool({ expireAfterHours: 505 })).toThrow(
      /Test\/Workers\/Pool: expireAfterHours \(505\) must be a whole number from 1 to 504.*EKS Auto Mode replaces every node within 21 days/,
    );
  });

  test.each(['system', 'general-purpose'])("the built-in pool name '%s' is refused", (name) => {
    expect(() => pool({ name })).toThrow(
      new RegExp(
        `name '${name}' is one of Auto Mode's built-in NodePools \\(system, general-purpose\\).*choose another name`,
      ),
    );
  });

  test('a name that is not a DNS name is refused', () => {
    expect(() => pool({ name: 'General_Pool' })).toThrow(/name 'General_Pool' must be a lower-case DNS name/);
  });
});

describe('AutoModeNodePool instance types against the EC2 data', () => {
  test('an unknown type names the nearest known ones', () => {
    expect(() => pool({ instanceTypes: ['m6i.xlarg'] })).toThrow(
      /instanceTypes\[0\] \('m6i\.xlarg'\) is unknown .*did you mean m6i\.xlarge/,
    );
  });

  test('an arm64 type under amd64 only is refused; allowing arm64 takes it', () => {
    expect(() => pool({ instanceTypes: ['m5.large', 'm6g.large'] })).toThrow(
      /instanceTypes: m6g\.large is arm64, but architectures is amd64.*add 'arm64' to architectures or drop m6g\.large/,
    );
    expect(() => pool({ instanceTypes: ['c7gn.xlarge'], architectures: ['arm64'] })).not.toThrow();
    expect(() => pool({ instanceTypes: ['c5.large'], architectures: ['arm64'] })).toThrow(
      /c5\.large is amd64, but architectures is arm64/,
    );
  });

  // The requirements are ANDed: a type outside instanceCategories is never launched, as one of another architecture.
  test('a type whose category is not in instanceCategories is refused; listing its category takes it', () => {
    expect(() => pool({ instanceTypes: ['m5.large'], instanceCategories: ['c'] })).toThrow(
      /Test\/Workers\/Pool: instanceTypes: m5\.large is of instance category m, but instanceCategories is c, so Auto Mode would never launch it; add 'm' to instanceCategories or drop m5\.large/,
    );
    expect(() => pool({ instanceTypes: ['c5.large', 'm5.large'], instanceCategories: ['c'] })).toThrow(
      /m5\.large is of instance category m/,
    );
    expect(() => pool({ instanceTypes: ['c5.large', 'm5.large'], instanceCategories: ['c', 'm'] })).not.toThrow();
  });

  test('an empty instanceCategories is refused (Karpenter refuses In with no values)', () => {
    expect(() => pool({ instanceCategories: [] })).toThrow(
      /Test\/Workers\/Pool: instanceCategories \(\[\]\) is empty; leave instanceCategories out to allow any category/,
    );
  });

  test.each([
    ['m5.large', 'm'],
    ['c7gn.16xlarge', 'c'],
    ['m7i-flex.large', 'm'],
    ['u-6tb1.metal', 'u'],
    ['inf2.xlarge', 'inf'],
    ['mac2.metal', 'mac'],
  ])('%s is of instance category %s (the letters before the generation)', (type, category) => {
    expect(instanceCategoryOf(type)).toBe(category);
  });

  test.each([
    ['m6g.large', 'arm64'],
    ['c7gn.16xlarge', 'arm64'],
    ['t4g.micro', 'arm64'],
    ['a1.medium', 'arm64'],
    ['is4gen.large', 'arm64'],
    ['g5g.xlarge', 'arm64'],
    ['g4dn.xlarge', 'amd64'],
    ['m5.large', 'amd64'],
    ['m7i-flex.large', 'amd64'],
  ])('%s is %s by EC2 naming (g after the generation = Graviton)', (type, arch) => {
    expect(architectureOf(type)).toBe(arch);
  });
});

describe('AutoModeNodePool pods per node against the class', () => {
  // Hand-worked from the instance data: m5.large has 3 ENIs of 10 IPv4 addresses.
  // "32" (single addresses): 3 × (10 − 1) + 2 = 29. Auto (/28 prefixes): min(110, 3 × 9 × 16 + 2 = 434) = 110.
  test('podsPerNode above the max pods of "32" on m5.large (29) is refused; 29 passes', () => {
    const single = { ipv4PrefixSize: Ipv4PrefixSize.SINGLE_ADDRESS };
    expect(() => pool({ instanceTypes: ['m5.large'], podsPerNode: 30 }, single)).toThrow(
      /podsPerNode \(30\) is above max pods of m5\.large under the NodeClass's pod networking \(29: .*\); lower podsPerNode, drop m5\.large, or change the NodeClass's ipv4PrefixSize/,
    );
    expect(() => pool({ instanceTypes: ['m5.large'], podsPerNode: 29 }, single)).not.toThrow();
    expect(() => pool({ instanceTypes: ['m5.large'], podsPerNode: 30 })).not.toThrow();
  });

  test('the smallest listed type decides: t3.small (3 × (4 − 1) + 2 = 11 under "32") with m5.large', () => {
    expect(() =>
      pool(
        { instanceTypes: ['m5.large', 't3.small'], podsPerNode: 12 },
        { ipv4PrefixSize: Ipv4PrefixSize.SINGLE_ADDRESS },
      ),
    ).toThrow(/podsPerNode \(12\) is above max pods of t3\.small .*\(11:/);
  });

  test('static interfaces bound every pool of the class: 1 /28 prefix = 16 + 2 = 18 pods', () => {
    const staticClass = {
      networkInterfaces: [
        {
          networkCardIndex: 0,
          deviceIndex: 0,
          interfaceType: AutoModeInterfaceType.INTERFACE,
          secondaryIpv4PrefixCount: 1,
        },
      ],
    };
    expect(() => pool({ podsPerNode: 19 }, staticClass)).toThrow(
      /podsPerNode \(19\) is above the 18 pods the NodeClass's static networkInterfaces allow/,
    );
    expect(() => pool({ instanceTypes: ['m5.xlarge'], podsPerNode: 19 }, staticClass)).toThrow(
      /podsPerNode \(19\) is above max pods of m5\.xlarge .*\(18:/,
    );
    expect(() => pool({ podsPerNode: 18 }, staticClass)).not.toThrow();
  });
});
