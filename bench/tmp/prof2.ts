import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { referenceCluster } from '../../bin/stacks/reference-cluster';
import { NetkitGuardrails, TunedNodegroup, VpcCni } from '../../lib';
import { mkdtempSync } from 'node:fs';
function lib() {
  const app = new App({ outdir: mkdtempSync('/tmp/nkb-'), builtinCloudFormationValidation: false, stackTraces: false });
  NetkitGuardrails.enable(app);
  const stack = new Stack(app, 'Library');
  const cluster = referenceCluster(stack, new ec2.Vpc(stack, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'), maxAzs: 2, natGateways: 1 }));
  new VpcCni(stack, 'VpcCni', { cluster });
  for (let i = 0; i < 50; i++) new TunedNodegroup(stack, `Nodes${i}`, { cluster, instanceTypes: ['m6i.xlarge'], minSize: 1, maxSize: 2 });
  app.synth();
}
for (let i = 0; i < 25; i++) lib();
