import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';

// Upstream manifests and CRDs, read from their released Go modules (downloaded once per machine through the Go module
// proxy by scripts/upstream-module.sh), never copied into this repository.

/** Karpenter's CRDs live in `pkg/apis/crds/` of the AWS provider's module. */
export const KARPENTER_MODULE = 'github.com/aws/karpenter-provider-aws';
/**
 * The Karpenter releases the manifests are checked against: 1.14.1 and the newest 1.15 release the module proxy
 * serves (1.15.2; its EC2NodeClass leaves `spec.kubelet` open to any KubeletConfiguration field).
 */
export const KARPENTER_VERSIONS = ['1.14.1', '1.15.2'] as const;
/** The VPC CNI's upstream manifest (what EKS installs as `aws-node`) is `config/master/aws-k8s-cni.yaml`. */
export const VPC_CNI_MODULE = 'github.com/aws/amazon-vpc-cni-k8s';
export const VPC_CNI_VERSION = '1.23.2';

const SCRIPT = path.join(__dirname, '..', '..', 'scripts', 'upstream-module.sh');

/** The module's source directory in the Go module cache; fails with go's own message when the proxy has no such version. */
export function upstreamModuleDir(module: string, version: string): string {
  const run = spawnSync('bash', [SCRIPT, module, version], { encoding: 'utf8' });
  if (run.status !== 0) {
    throw new Error(`cannot fetch ${module}@v${version} from the Go module proxy: ${run.stderr.trim()}`);
  }
  return run.stdout.trim();
}

/** Every YAML document of a file, as plain objects (empty documents dropped). */
export function readYamlDocuments(file: string): any[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
      return doc.toJS();
    })
    .filter((doc) => doc !== null && doc !== undefined);
}

/** Karpenter's CustomResourceDefinitions at one release, keyed by CRD name (e.g. `nodepools.karpenter.sh`). */
export function karpenterCrds(version: string): Map<string, any> {
  const dir = path.join(upstreamModuleDir(KARPENTER_MODULE, version), 'pkg', 'apis', 'crds');
  const crds = fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .flatMap((file) => readYamlDocuments(path.join(dir, file)));
  return new Map(crds.map((crd) => [crd.metadata.name, crd]));
}

/** The VPC CNI's upstream manifest: the objects EKS's `vpc-cni` add-on is built from (aws-node DaemonSet, RBAC, CRDs). */
export function vpcCniManifest(version: string = VPC_CNI_VERSION): any[] {
  const dir = upstreamModuleDir(VPC_CNI_MODULE, version);
  return readYamlDocuments(path.join(dir, 'config', 'master', 'aws-k8s-cni.yaml'));
}
