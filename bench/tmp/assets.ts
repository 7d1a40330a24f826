import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { referenceCluster } from '../../bin/stacks/reference-cluster';
import { NetkitGuardrails, TunedNodegroup, VpcCni } from '../../lib';
import { mkdtempSync } from 'node:fs';
const which = process.argv[2];
const N = 50;
function run() {
  const outdir = mkdtempSync('/tmp/nkb-');
  const app = new App({ outdir, builtinCloudFormationValidation: false, stackTraces: false });
  if (which === 'lib') NetkitGuardrails.enable(app);
  const stack = new Stack(app, 'S');
  const vpc = new ec2.Vpc(stack, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'), maxAzs: 2, natGateways: 1 });
  let t = process.hrtime.bigint();
  const lap = (label: string) => { const n = process.hrtime.bigint(); times[label] = (times[label] ?? 0) + Number(n - t) / 1e6; t = n; };
  lap('vpc');
  const cluster = referenceCluster(stack, vpc);
  lap('cluster');
  if (which === 'lib') new VpcCni(stack, 'VpcCni', { cluster });
  lap('vpccni');
  for (let i = 0; i < N; i++) {
    if (which === 'lib') new TunedNodegroup(stack, `Nodes${i}`, { cluster, instanceTypes: ['m6i.xlarge'], minSize: 1, maxSize: 2 });
    else cluster.addNodegroupCapacity(`Nodes${i}`, { instanceTypes: [new ec2.InstanceType('m6i.xlarge')], amiType: eks.NodegroupAmiType.AL2023_X86_64_STANDARD, minSize: 1, maxSize: 2 });
  }
  lap('nodegroups');
  app.synth();
  lap('synth');
  return outdir;
}
const times: Record<string, number> = {};
for (let i = 0; i < 3; i++) run();
for (const k of Object.keys(times)) delete times[k];
let out = '';
for (let i = 0; i < 10; i++) out = run();
for (const [k, v] of Object.entries(times)) console.log(which, k, (v / 10).toFixed(1));
console.log(require('child_process').execSync(`du -sh ${out}; ls ${out} | wc -l`).toString());
