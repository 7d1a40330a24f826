import {
  KARPENTER_VERSIONS,
  karpenterCrds,
  upstreamModuleDir,
  VPC_CNI_MODULE,
  VPC_CNI_VERSION,
  vpcCniManifest,
} from './upstream-manifests';

describe('upstream manifests from Go modules', () => {
  test.each(KARPENTER_VERSIONS.map((v) => [v]))('Karpenter v%s serves NodePool and EC2NodeClass at v1', (version) => {
    const crds = karpenterCrds(version);
    for (const name of ['nodepools.karpenter.sh', 'ec2nodeclasses.karpenter.k8s.aws']) {
      const crd = crds.get(name);
      expect(crd?.kind).toBe('CustomResourceDefinition');
      expect(crd.spec.versions.filter((v: any) => v.served).map((v: any) => v.name)).toEqual(['v1']);
    }
    // The reference Karpenter stack's pools use this consolidation policy; both releases must accept it.
    const policy =
      crds.get('nodepools.karpenter.sh').spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.disruption
        .properties.consolidationPolicy;
    expect(policy.enum).toEqual(expect.arrayContaining(['WhenEmpty', 'WhenEmptyOrUnderutilized']));
  });

  test(`the VPC CNI v${VPC_CNI_VERSION} manifest is what EKS installs as aws-node`, () => {
    const objects = vpcCniManifest();
    const awsNode = objects.find((o) => o.kind === 'DaemonSet' && o.metadata.name === 'aws-node');
    expect(awsNode.metadata.namespace).toBe('kube-system');
    expect(awsNode.spec.template.spec.initContainers.map((c: any) => c.name)).toEqual(['aws-vpc-cni-init']);
    expect(awsNode.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['aws-node', 'aws-eks-nodeagent']);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(
      expect.arrayContaining(['ServiceAccount/aws-node', 'ClusterRole/aws-node', 'ClusterRoleBinding/aws-node']),
    );
  });

  test('a version the module proxy does not serve fails with what go said', () => {
    expect(() => upstreamModuleDir(VPC_CNI_MODULE, '0.0.1')).toThrow(
      /^cannot fetch github\.com\/aws\/amazon-vpc-cni-k8s@v0\.0\.1 from the Go module proxy: go mod download github\.com\/aws\/amazon-vpc-cni-k8s@v0\.0\.1: .*not available/,
    );
  });
});
