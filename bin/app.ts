#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { NetkitGuardrails } from '../lib';
import { BaselineClusterStack } from './stacks/baseline-cluster-stack';

// Reference stacks: each synthesizes offline (no AWS credentials, no context lookups) and deploys to any account.
const app = new App();
NetkitGuardrails.enable(app);
new BaselineClusterStack(app, 'NetkitBaseline');
app.synth();
