import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { Fn, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { stringify } from 'yaml';
import { NetkitGuardrails, NetkitGuardrailsOptions } from '../../lib';
import { renderMimeMultipart } from '../../lib/bootstrap/mime';
import { testApp } from '../util';

/**
 * A stack with the guardrail pack on, a VPC with /24 private subnets and an aws-eks-v2 cluster. Two AZs by default;
 * three gives the stack an account and region (the AZ names are then the CDK's offline placeholders). The pack's
 * thresholds as given.
 */
export function guardedStack(id = 'Guarded', azs: 2 | 3 = 2, guardrails: NetkitGuardrailsOptions = {}) {
  const app = testApp();
  NetkitGuardrails.enable(app, guardrails);
  const stack = new Stack(app, id, azs === 3 ? { env: { account: '111111111111', region: 'eu-west-1' } } : {});
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: azs,
    natGateways: 1,
    subnetConfiguration: [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
    ],
  });
  const cluster = new eks.Cluster(stack, 'Cluster', {
    version: eks.KubernetesVersion.V1_35,
    vpc,
    defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
    defaultCapacity: 0,
    serviceIpv4Cidr: '172.20.0.0/16',
    kubectlProviderOptions: { kubectlLayer: new KubectlV35Layer(stack, 'Kubectl') },
  });
  return { app, stack, vpc, cluster };
}

export interface RawNodegroupOptions {
  readonly instanceTypes?: string[];
  /** User data text, rendered as Fn::Base64 of it. */
  readonly userData?: string;
  /** User data as a CloudFormation value holding deploy-time tokens. */
  readonly userDataToken?: string;
  readonly blockDeviceMappings?: ec2.CfnLaunchTemplate.BlockDeviceMappingProperty[];
  readonly httpTokens?: string;
  readonly minSize?: number;
  readonly maxSize?: number;
  readonly clusterName?: string;
}

/** A node group made of plain aws-cdk-lib L1s, as a user without this library writes it. */
export function rawNodegroup(stack: Stack, cluster: eks.Cluster, id: string, options: RawNodegroupOptions = {}) {
  const launchTemplate = new ec2.CfnLaunchTemplate(stack, `${id}LaunchTemplate`, {
    launchTemplateData: {
      userData: options.userDataToken ?? (options.userData !== undefined ? Fn.base64(options.userData) : undefined),
      blockDeviceMappings: options.blockDeviceMappings,
      metadataOptions: options.httpTokens ? { httpTokens: options.httpTokens } : undefined,
    },
  });
  const nodegroup = new eks.CfnNodegroup(stack, id, {
    clusterName: options.clusterName ?? cluster.clusterName,
    nodeRole: 'arn:aws:iam::111111111111:role/nodes',
    subnets: cluster.vpc.privateSubnets.map((s) => s.subnetId),
    instanceTypes: options.instanceTypes ?? ['m5.large'],
    amiType: 'AL2023_x86_64_STANDARD',
    scalingConfig: { minSize: options.minSize ?? 1, maxSize: options.maxSize ?? 3, desiredSize: options.minSize ?? 1 },
    launchTemplate: { id: launchTemplate.ref, version: launchTemplate.attrLatestVersionNumber },
  });
  return { launchTemplate, nodegroup };
}

/** MIME user data with a NodeConfig part that sets kubelet config, the way AL2023 users write it by hand. */
export function nodeConfigUserData(kubeletConfig: Record<string, unknown>, flags: string[] = []): string {
  const nodeConfig = {
    apiVersion: 'node.eks.aws/v1alpha1',
    kind: 'NodeConfig',
    spec: { kubelet: { config: kubeletConfig, ...(flags.length ? { flags } : {}) } },
  };
  return renderMimeMultipart([{ contentType: 'application/node.eks.aws', body: stringify(nodeConfig) }]);
}

/** MIME user data with one shell part. */
export function shellUserData(script: string): string {
  return renderMimeMultipart([{ contentType: 'text/x-shellscript', body: script }]);
}

/** Messages of every annotation (error, warning, info) of a guardrail ID in the stack. */
export function findings(stack: Stack, id: string): string[] {
  const annotations = Annotations.fromStack(stack);
  return [
    ...annotations.findError('*', Match.anyValue()),
    ...annotations.findWarning('*', Match.anyValue()),
    ...annotations.findInfo('*', Match.anyValue()),
  ]
    .map((m) => String(m.entry.data))
    .filter((text) => text.startsWith(`[${id}]`));
}

/** A vpc-cni add-on configured by hand, with the env values given. */
export function rawCniAddon(stack: Stack, cluster: eks.Cluster, env: Record<string, string>) {
  return new eks.CfnAddon(stack, 'RawVpcCni', {
    clusterName: cluster.clusterName,
    addonName: 'vpc-cni',
    configurationValues: JSON.stringify({ env }),
  });
}
