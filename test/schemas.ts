import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

// Upstream schemas: kubernetes-models (generated from the Kubernetes OpenAPI spec) and @kubernetes-models/karpenter
// (generated from the Karpenter CRDs). Both ship ES modules only, so validation runs in a child node process.
const VALIDATOR = `
const packageOf = (group) => group.endsWith('karpenter.k8s.aws') || group === 'karpenter.sh' ? '@kubernetes-models/karpenter/' + group : 'kubernetes-models/' + group;
let input = '';
for await (const chunk of process.stdin) input += chunk;
const errors = [];
for (const doc of JSON.parse(input)) {
  const [group, version] = doc.apiVersion.includes('/') ? doc.apiVersion.split('/') : [null, doc.apiVersion];
  const specifier = (group ? packageOf(group) : 'kubernetes-models') + '/' + version + '/' + doc.kind;
  let Model;
  try { Model = (await import(specifier))[doc.kind]; } catch { errors.push('no upstream schema for ' + doc.apiVersion + '/' + doc.kind); continue; }
  try { new Model(doc).validate(); } catch (err) { errors.push(doc.kind + '/' + (doc.metadata?.name ?? '') + ': ' + err.message); }
}
console.log(JSON.stringify(errors));
`;

/** Validate manifests against their upstream schemas; returns the errors (none when every document is valid). */
export function schemaErrors(manifests: unknown[]): string[] {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', VALIDATOR], {
    cwd: path.join(__dirname, '..'),
    input: JSON.stringify(manifests),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`schema validator failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}
