import { tmpdir } from 'node:os';
import * as path from 'node:path';

// Unit tests synthesize many stacks: aws-cdk-lib's built-in CloudFormation validator (about 2 s and 450 MB per
// synth) is off here and switched on by the one test that requires zero findings over every reference stack.
process.env.CDK_VALIDATION = process.env.CDK_VALIDATION ?? 'false';

// Every App without its own outdir would stage assets (the 35 MB kubectl layer among them) into a new temporary
// directory; one directory per worker stages each asset once.
process.env.CDK_OUTDIR = path.join(tmpdir(), `cdk-eks-netkit-jest-${process.env.JEST_WORKER_ID ?? '0'}`);
