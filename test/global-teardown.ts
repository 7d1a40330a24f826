import { rmSync } from 'node:fs';

/** Remove the run's scratch directory: every synth staged its assets there. */
export default function globalTeardown(): void {
  if (process.env.NETKIT_TEST_OUTDIR) rmSync(process.env.NETKIT_TEST_OUTDIR, { recursive: true, force: true });
}
