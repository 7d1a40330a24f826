import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

// @kubernetes-models/karpenter is generated from the upstream Karpenter CRDs and ships ES modules only, so the
// validation runs in a child node process.
const VALIDATOR = `
import { EC2NodeClass } from '@kubernetes-models/karpenter/karpenter.k8s.aws/v1/EC2NodeClass';
import { NodePool } from '@kubernetes-models/karpenter/karpenter.sh/v1/NodePool';
const models = { 'karpenter.k8s.aws/v1/EC2NodeClass': EC2NodeClass, 'karpenter.sh/v1/NodePool': NodePool };
let input = '';
for await (const chunk of process.stdin) input += chunk;
const errors = [];
for (const doc of JSON.parse(input)) {
  const Model = models[doc.apiVersion + '/' + doc.kind];
  if (!Model) { errors.push('no upstream schema for ' + doc.apiVersion + '/' + doc.kind); continue; }
  try { new Model(doc).validate(); } catch (err) { errors.push(doc.kind + ': ' + err.message); }
}
console.log(JSON.stringify(errors));
`;

/** Validate Karpenter manifests against the upstream CRD schemas; returns the errors (none when valid). */
export function karpenterSchemaErrors(manifests: unknown[]): string[] {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', VALIDATOR], {
    cwd: path.join(__dirname, '..', '..'),
    input: JSON.stringify(manifests),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`schema validator failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}
