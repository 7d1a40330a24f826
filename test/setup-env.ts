// Unit tests synthesize many stacks: aws-cdk-lib's built-in CloudFormation validator (about 2 s and 450 MB per
// synth) is off here and switched on by the one test that requires zero findings over every reference stack.
process.env.CDK_VALIDATION = process.env.CDK_VALIDATION ?? 'false';
