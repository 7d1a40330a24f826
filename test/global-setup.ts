import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** One scratch directory per test run; workers synthesize into subdirectories of it (see test/util.ts). */
export default function globalSetup(): void {
  process.env.NETKIT_TEST_OUTDIR = mkdtempSync(path.join(tmpdir(), 'cdk-eks-netkit-jest-'));
}
