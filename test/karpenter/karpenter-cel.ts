import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { requireTool } from '../required-tools';

/** The variables of Karpenter's kubelet CEL environment for one instance type (pkg/cel InstanceTypeVars). */
export interface KarpenterCelVariables {
  readonly InstanceType: string;
  readonly VCPUs: number;
  readonly MemoryMiB: number;
  readonly DefaultENIs: number;
  readonly IPsPerENI: number;
  readonly MaxPods: number;
}

const SCRIPT = path.join(__dirname, '..', '..', 'scripts', 'karpenter-cel.sh');

/** The evaluator built from Karpenter's own pkg/cel (scripts/karpenter-cel.sh); built once per machine. */
export function karpenterCelEvaluator(version = '1.15.2'): string {
  requireTool('go', 'golang-go', "Karpenter's CEL environment is built from the karpenter-provider-aws Go module");
  return execFileSync('bash', [SCRIPT, version], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** Evaluate one expression for many instance types: a number per type, or the evaluator's error text. */
export function evaluateKarpenterCel(
  evaluator: string,
  expression: string,
  types: readonly KarpenterCelVariables[],
): Record<string, number | string> {
  const out = execFileSync(evaluator, [], {
    input: JSON.stringify({ expression, types }),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out);
}
