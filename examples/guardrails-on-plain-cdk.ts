/**
 * A copyable app: the guardrails over a cluster built with plain aws-cdk-lib, the way many platform teams have one.
 * `cdk synth` fails on it and says why: the hand-written bootstrap overrides the hostname and claims 110 pods on an
 * m5.large, whose ENIs give pods 29 addresses.
 *
 *   npx ts-node examples/guardrails-on-plain-cdk.ts
 */
import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { App, Fn, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { NetkitGuardrails } from '../lib';

const HAND_WRITTEN_BOOTSTRAP = `MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="//"

--//
Content-Type: text/x-shellscript

#!/bin/bash
hostnamectl set-hostname "worker-$(date +%s)"

--//
Content-Type: application/node.eks.aws

apiVersion: node.eks.aws/v1alpha1
kind: NodeConfig
spec:
  kubelet:
    config:
      maxPods: 110

--//--
`;

export class PlainCdkExample extends Stack {
  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    const cluster = new eks.Cluster(this, 'Cluster', {
      version: eks.KubernetesVersion.V1_35,
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
      defaultCapacity: 0,
      kubectlProviderOptions: { kubectlLayer: new KubectlV35Layer(this, 'Kubectl') },
    });
    const launchTemplate = new ec2.CfnLaunchTemplate(this, 'NodeLaunchTemplate', {
      launchTemplateData: { userData: Fn.base64(HAND_WRITTEN_BOOTSTRAP), metadataOptions: { httpTokens: 'required' } },
    });
    cluster.addNodegroupCapacity('Workers', {
      instanceTypes: [new ec2.InstanceType('m5.large')],
      amiType: eks.NodegroupAmiType.AL2023_X86_64_STANDARD,
      launchTemplateSpec: { id: launchTemplate.ref, version: launchTemplate.attrLatestVersionNumber },
    });
  }
}

if (require.main === module) {
  const app = new App();
  NetkitGuardrails.enable(app);
  new PlainCdkExample(app, 'PlainCdkExample');
  app.synth();
}
