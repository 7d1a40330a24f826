import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalCluster } from './local-cluster';
import { KUBECTL_HANDLER_DIR } from './tools';

// aws-cdk-lib's kubectl handler (the code the cluster's kubectl provider Lambda runs), invoked with python3 the way
// Lambda invokes it: `index.handler(event, context)`. It "logs in" with `aws eks update-kubeconfig`; a stand-in `aws`
// on PATH answers that with the harness's kubeconfig and refuses anything else. Helm charts
// (`Custom::AWSCDK-EKS-HelmChart`) need their chart registry and are out of scope: the stand-in `boto3` the handler's
// helm module imports raises if a chart is ever replayed.

export type RequestType = 'Create' | 'Update' | 'Delete';

export interface HandlerEvent {
  readonly RequestType: RequestType;
  readonly ResourceType: string;
  readonly LogicalResourceId: string;
  readonly ResourceProperties: Record<string, unknown>;
  readonly OldResourceProperties?: Record<string, unknown>;
}

export interface HandlerResult {
  readonly ok: boolean;
  /** What the handler logged and, on failure, the exception (kubectl's own message included). */
  readonly output: string;
}

const AWS_STAND_IN = `#!/bin/sh
# Stand-in for the AWS CLI in the cluster tests: answers only "aws eks update-kubeconfig --kubeconfig PATH".
if [ "$1 $2" != "eks update-kubeconfig" ]; then
  echo "aws stand-in: only 'eks update-kubeconfig' is answered here, not: $*" >&2
  exit 1
fi
shift 2
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --kubeconfig) out="$2"; shift 2 ;;
    *) shift ;;
  esac
done
[ -n "$out" ] || { echo "aws stand-in: no --kubeconfig given" >&2; exit 1; }
cp "$NETKIT_KUBECONFIG" "$out"
`;

const BOTO3_STAND_IN = `def __getattr__(name):
    raise RuntimeError("Helm charts are out of scope for the cluster tests (they need the chart registry)")
`;

// The handler puts Lambda's /opt/kubectl and /opt/awscli first on PATH when imported; on a machine that has either,
// the harness's own go first again.
const RUNNER = `
import json, os, sys
sys.path.insert(0, sys.argv[1])
sys.path.insert(0, sys.argv[2])
import index
os.environ['PATH'] = sys.argv[3] + ':' + os.environ['PATH']
index.handler(json.load(sys.stdin), None)
`;

/** Invoke the handler for one custom resource event against the cluster. */
export function invokeKubectlHandler(cluster: LocalCluster, event: HandlerEvent): HandlerResult {
  const home = path.join(cluster.dir, 'handler');
  const bin = path.join(home, 'bin');
  const stubs = path.join(home, 'python');
  if (!fs.existsSync(bin)) {
    fs.mkdirSync(bin, { recursive: true });
    fs.mkdirSync(stubs, { recursive: true });
    fs.writeFileSync(path.join(bin, 'aws'), AWS_STAND_IN, { mode: 0o755 });
    fs.writeFileSync(path.join(stubs, 'boto3.py'), BOTO3_STAND_IN);
  }
  // The handler writes its kubeconfig and manifest into TEST_OUTDIR (Lambda's /tmp): one directory per invocation.
  const outdir = fs.mkdtempSync(path.join(home, 'invocation-'));
  const run = spawnSync(
    cluster.tools.python,
    ['-c', RUNNER, KUBECTL_HANDLER_DIR, stubs, `${bin}:${cluster.tools.layerBin}`],
    {
      input: JSON.stringify({ ...event, ResponseURL: 'https://response.invalid/' }),
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: [bin, cluster.tools.layerBin, process.env.PATH].join(':'),
        TEST_OUTDIR: outdir,
        NETKIT_KUBECONFIG: cluster.kubeconfig,
        PYTHONDONTWRITEBYTECODE: '1',
      },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 120_000,
    },
  );
  fs.rmSync(outdir, { recursive: true, force: true });
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}
