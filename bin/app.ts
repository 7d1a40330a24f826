#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addReferenceStacks } from './reference-app';

// Reference stacks: each synthesizes offline (no AWS credentials, no context lookups) and deploys to any account.
const app = new App();
addReferenceStacks(app);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
