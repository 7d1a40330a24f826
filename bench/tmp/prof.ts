import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { referenceCluster } from '../../bin/stacks/reference-cluster';
import { NetkitGuardrails, TunedNodegroup, VpcCni } from '../../lib';
import { mkdtempSync } from 'node:fs';
function lib(guard: boolean) {
  const app = new App({ outdir: mkdtempSync('/tmp/nkb-'), builtinCloudFormationValidation: false, stackTraces: false });
  if (guard) NetkitGuardrails.enable(app);
  const stack = new Stack(app, 'Library');
  const cluster = referenceCluster(stack, new ec2.Vpc(stack, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'), maxAzs: 2, natGateways: 1 }));
  new VpcCni(stack, 'VpcCni', { cluster });
  const t0 = Date.now();
  for (let i = 0; i < 50; i++) new TunedNodegroup(stack, `Nodes${i}`, { cluster, instanceTypes: ['m6i.xlarge'], minSize: 1, maxSize: 2 });
  const t1 = Date.now();
  app.synth();
  return [t1 - t0, Date.now() - t1];
}
for (let i = 0; i < 3; i++) { lib(true); lib(false); }
const on: number[][] = [], off: number[][] = [];
for (let i = 0; i < 7; i++) { on.push(lib(true)); off.push(lib(false)); }
const med = (a: number[]) => a.sort((x, y) => x - y)[3];
console.log('on construct', med(on.map(x => x[0])), 'synth', med(on.map(x => x[1])));
console.log('off construct', med(off.map(x => x[0])), 'synth', med(off.map(x => x[1])));
