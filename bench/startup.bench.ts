/**
 * Start-up a user feels: how long `require('cdk-eks-netkit')` and the CLI take in a fresh Node.js process, against
 * the floor (an empty `node -e ''`) and aws-eks-v2 alone. Measures the compiled package (`lib/*.js`, what npm ships),
 * so compile first: `npx projen compile`. Run with `npx projen bench`. Prints figures and ratios; asserts nothing.
 *
 * Wall time is what a user waits, but on a shared, loaded machine it measures the load; the CPU time the require
 * itself takes (process.cpuUsage() around it, in the same process) is the figure that compares across runs.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..');
const RUNS = 9;

/** Every compiled module must be newer than its source, or the figures would be of an old build. */
function checkCompiled(): void {
  const stale = fs
    .readdirSync(path.join(ROOT, 'lib'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .filter((f) => {
      const js = path.join(ROOT, 'lib', f.replace(/\.ts$/, '.js'));
      return !fs.existsSync(js) || fs.statSync(js).mtimeMs < fs.statSync(path.join(ROOT, 'lib', f)).mtimeMs;
    });
  if (stale.length > 0) {
    throw new Error(`lib/ is not compiled (${stale.slice(0, 3).join(', ')}…): run npx projen compile first`);
  }
}

/** The median wall time, in ms, of RUNS fresh processes of `node args`, after one warm-up (file cache). */
function median(args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${result.stderr}`);
    if (i > 0) times.push(ms);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

checkCompiled();
const lib = path.join(ROOT, 'lib', 'index.js');
const cli = path.join(ROOT, 'lib', 'cli', 'main.js');
const floor = median(['-e', '']);
const cases: Array<[string, string[]]> = [
  ["require('aws-cdk-lib/aws-eks-v2')", ['-e', "require('aws-cdk-lib/aws-eks-v2')"]],
  ["require('cdk-eks-netkit')", ['-e', `require(${JSON.stringify(lib)})`]],
  [
    "require('cdk-eks-netkit') + MaxPods.calculate('m5.large')",
    ['-e', `require(${JSON.stringify(lib)}).MaxPods.calculate('m5.large')`],
  ],
  ['cdk-eks-netkit --version', [cli, '--version']],
  ['cdk-eks-netkit max-pods --instance-type m5.large', [cli, 'max-pods', '--instance-type', 'm5.large']],
];
/** The median CPU time, in ms, that `code` takes in a fresh process after `setup` (user + system, around `code`). */
function medianCpu(code: string, setup = ''): number {
  const script = `${setup}; const c0 = process.cpuUsage(); ${code}; const c = process.cpuUsage(c0); console.log((c.user + c.system) / 1000);`;
  const times: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const result = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${code} failed: ${result.stderr}`);
    if (i > 0) times.push(Number(result.stdout.trim().split('\n').pop()));
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

console.log(`Node.js ${process.version}, median of ${RUNS} fresh processes each`);
const eksCpu = medianCpu("require('aws-cdk-lib/aws-eks-v2')");
const libCpu = medianCpu(`require(${JSON.stringify(lib)})`);
// What the package loaded on require before these were deferred: the YAML and TOML libraries and the table.
const deferredCpu = medianCpu(
  `require('yaml'); require('smol-toml'); require(${JSON.stringify(path.join(ROOT, 'lib', 'capacity', 'instance-types.generated.js'))})`,
  `require(${JSON.stringify(lib)})`,
);
// aws-eks-v2's index defers its classes, so its require alone loads almost nothing. What an app pays anyway: the
// classes of a cluster in a VPC; the library's own share is what its require adds after them.
const APP_IMPORTS =
  "const cdk = require('aws-cdk-lib'); void cdk.App; void cdk.Stack; void require('aws-cdk-lib/aws-eks-v2').Cluster; void require('aws-cdk-lib/aws-ec2').Vpc";
const appCpu = medianCpu(APP_IMPORTS);
const libAfterAppCpu = medianCpu(`require(${JSON.stringify(lib)})`, APP_IMPORTS);
console.log(`CPU time of require('aws-cdk-lib/aws-eks-v2'): ${eksCpu.toFixed(0)} ms`);
console.log(
  `CPU time of an app's own imports (App, Stack, eks.Cluster, ec2.Vpc): ${appCpu.toFixed(0)} ms; ` +
    `require('cdk-eks-netkit') after them: ${libAfterAppCpu.toFixed(0)} ms (${(libAfterAppCpu / appCpu).toFixed(2)} × the app's imports)`,
);
console.log(
  `CPU time of require('cdk-eks-netkit'): ${libCpu.toFixed(0)} ms (${(libCpu / eksCpu).toFixed(1)} × aws-eks-v2)`,
);
console.log(
  `CPU time the deferred modules (yaml, smol-toml, the instance-type table) would add to it: ${deferredCpu.toFixed(0)} ms ` +
    `(${((100 * deferredCpu) / (libCpu + deferredCpu)).toFixed(0)} % of the require before)`,
);
console.log(`${"node -e '' (the floor)".padEnd(58)} ${floor.toFixed(0).padStart(5)} ms`);
for (const [label, args] of cases) {
  const ms = median(args);
  console.log(
    `${label.padEnd(58)} ${ms.toFixed(0).padStart(5)} ms   ${(ms / floor).toFixed(2)} × the floor, +${(ms - floor).toFixed(0)} ms`,
  );
}
