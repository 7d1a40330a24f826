import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import type { SubnetFacts } from './stack-facts';
import { fromYaml } from '../private/yaml';

/**
 * A resource's CloudFormation properties (the names the guardrails use), resolved; deploy-time values stay as
 * intrinsic functions. L1s are read through their typed properties (the `isCfn…` checks match the aws-eks and
 * aws-eks-v2 classes alike).
 */
export function propertiesOf(resource: CfnResource): any {
  const stack = Stack.of(resource);
  if (eks.CfnAddon.isCfnAddon(resource)) {
    return stack.resolve({
      AddonName: resource.addonName,
      AddonVersion: resource.addonVersion,
      ClusterName: resource.clusterName,
      ConfigurationValues: resource.configurationValues,
    });
  }
  if (eks.CfnNodegroup.isCfnNodegroup(resource)) {
    // One resolve for all the fields: each call to resolve has a cost of its own.
    const props = stack.resolve({
      clusterName: resource.clusterName,
      nodegroupName: resource.nodegroupName,
      amiType: resource.amiType,
      instanceTypes: resource.instanceTypes,
      subnets: resource.subnets,
      scalingConfig: resource.scalingConfig,
      launchTemplate: resource.launchTemplate,
      // Typed from aws-cdk-lib 2.276 on; older releases have no such property to read.
      warmPoolConfig: 'warmPoolConfig' in resource ? resource.warmPoolConfig : undefined,
    });
    const scaling = props.scalingConfig ?? {};
    return {
      ClusterName: props.clusterName,
      NodegroupName: props.nodegroupName,
      AmiType: props.amiType,
      InstanceTypes: props.instanceTypes,
      Subnets: props.subnets,
      ScalingConfig: { MinSize: scaling.minSize, MaxSize: scaling.maxSize },
      LaunchTemplate: props.launchTemplate ? { Id: props.launchTemplate.id } : undefined,
      WarmPoolConfig: holdsIntrinsic(props.warmPoolConfig) ? undefined : props.warmPoolConfig,
    };
  }
  if (ec2.CfnLaunchTemplate.isCfnLaunchTemplate(resource)) {
    // Field by field: the user data is resolved only by a reader that needs it (the library's node groups are
    // read from what they render).
    const fields: any = Token.isUnresolved(resource.launchTemplateData)
      ? stack.resolve(resource.launchTemplateData)
      : (resource.launchTemplateData ?? {});
    const data = {
      ...fields,
      ...stack.resolve({ blockDeviceMappings: fields.blockDeviceMappings, metadataOptions: fields.metadataOptions }),
    };
    const devices = data.blockDeviceMappings;
    return {
      LaunchTemplateData: {
        UserData: data.userData,
        // Mappings holding deploy-time values stay as they are, so they read as unknown.
        BlockDeviceMappings:
          Array.isArray(devices) && literal(stack, devices) !== undefined
            ? devices.map((d: any) => ({
                DeviceName: d?.deviceName,
                Ebs: d?.ebs === undefined ? undefined : { VolumeType: d.ebs.volumeType },
              }))
            : devices === undefined
              ? undefined
              : devices,
        MetadataOptions: data.metadataOptions ? { HttpTokens: data.metadataOptions.httpTokens } : undefined,
      },
    };
  }
  if (ec2.CfnSubnet.isCfnSubnet(resource)) {
    return stack.resolve({
      CidrBlock: resource.cidrBlock,
      AvailabilityZone: resource.availabilityZone,
      Ipv6CidrBlock: resource.ipv6CidrBlock,
      AssignIpv6AddressOnCreation: resource.assignIpv6AddressOnCreation,
    });
  }
  if (eks.CfnCluster.isCfnCluster(resource)) {
    const config = stack.resolve(resource.kubernetesNetworkConfig);
    return { KubernetesNetworkConfig: config ? { IpFamily: config.ipFamily } : undefined };
  }
  return customResourceProperties(resource);
}

/**
 * The properties of a custom resource (kubectl manifests, patches, Helm charts), resolved. They have no typed L1; a
 * CfnResource shows its properties to subclasses through the protected `cfnProperties`, which this reader uses.
 */
export function customResourceProperties(resource: CfnResource): any {
  return Stack.of(resource).resolve(PropertiesReader.propertiesOf(resource)) ?? {};
}

/** Never instantiated: a subclass only so that `cfnProperties`, protected API, can be read. */
abstract class PropertiesReader extends CfnResource {
  static propertiesOf(resource: CfnResource): Record<string, unknown> {
    return (resource as PropertiesReader).cfnProperties;
  }
}

/** Whether a resolved value holds an intrinsic function (a deploy-time value) anywhere. */
export function holdsIntrinsic(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(holdsIntrinsic);
  if (value === null || typeof value !== 'object') return false;
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) return true;
  return Object.values(value).some(holdsIntrinsic);
}

/** Resolve a value; undefined when it still holds a deploy-time token. */
export function literal(stack: Stack, value: unknown): any {
  const resolved = stack.resolve(value);
  return holdsIntrinsic(resolved) ? undefined : resolved;
}

/**
 * The text CloudFormation assembles: a string, or an `Fn::Join` of strings and deploy-time parts, each part written
 * as `placeholder(part)`. Undefined when the whole value is deploy-time.
 */
function assembledText(stack: Stack, value: unknown, placeholder: (part: any) => string): string | undefined {
  const resolved = stack.resolve(value);
  const parts: unknown[] | undefined =
    typeof resolved === 'string'
      ? [resolved]
      : Array.isArray(resolved?.['Fn::Join']?.[1]) && resolved['Fn::Join'][0] === ''
        ? resolved['Fn::Join'][1]
        : undefined;
  return parts?.map((p) => (typeof p === 'string' ? p : placeholder(p))).join('');
}

/**
 * The one decoder of JSON that CloudFormation assembles (see {@link assembledText}). Undefined when it is not JSON.
 */
export function decodeJson(stack: Stack, value: unknown, placeholder: (part: any) => string = () => 'TOKEN'): any {
  const text = assembledText(stack, value, placeholder);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    if (err instanceof SyntaxError) return undefined;
    throw err;
  }
}

/**
 * What a JSON-or-YAML value holds, or why it could not be read. `deployTime` says why it is only known at deploy
 * time (skipped, as every deploy-time value is).
 */
export type DecodedConfiguration =
  { readonly value: any } | { readonly problem: string } | { readonly deployTime: string };

/**
 * An add-on's `ConfigurationValues`: EKS takes JSON or YAML, so text that is not JSON is read as YAML (JSON is YAML
 * too, but JSON.parse is the quick path). Deploy-time parts read as the text TOKEN, as in {@link jsonWithTokens}; JSON
 * that parses only once they are filled in (a number from a parameter) is left to deploy time, not read as YAML.
 */
export function decodeConfiguration(stack: Stack, value: unknown): DecodedConfiguration {
  let tokens = false;
  const text = assembledText(stack, value, () => {
    tokens = true;
    return 'TOKEN';
  });
  if (text === undefined) return { deployTime: 'its ConfigurationValues is only known at deploy time' };
  try {
    return { value: JSON.parse(text) };
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
  }
  if (tokens && /^\s*[{[]/.test(text)) {
    return { deployTime: 'its ConfigurationValues is JSON that parses only once its deploy-time values are in' };
  }
  try {
    return { value: fromYaml(text) };
  } catch (err) {
    const reason = String((err as Error)?.message ?? err).split('\n')[0];
    return { problem: `ConfigurationValues is neither JSON nor YAML (${reason})` };
  }
}

/** A JSON string from CloudFormation, with each deploy-time part replaced by the text TOKEN. */
export function jsonWithTokens(stack: Stack, value: unknown): any {
  return decodeJson(stack, value);
}

/** User data text of a launch template, whether given as Fn::Base64 of a literal or as base64. */
export function userDataText(stack: Stack, userData: unknown): string | undefined {
  const resolved = stack.resolve(userData);
  if (typeof resolved === 'string') return Buffer.from(resolved, 'base64').toString('utf8');
  const inner = resolved?.['Fn::Base64'];
  return typeof inner === 'string' ? inner : undefined;
}

/** A CfnSubnet of the stack, through its typed properties. */
export function cfnSubnetFacts(stack: Stack, subnet: ec2.CfnSubnet): Omit<SubnetFacts, 'id'> & { azKey?: string } {
  const cidr = stack.resolve(subnet.cidrBlock);
  const az = stack.resolve(subnet.availabilityZone);
  return {
    cidr: typeof cidr === 'string' ? cidr : undefined,
    az: typeof az === 'string' ? az : undefined,
    azKey: az !== undefined ? JSON.stringify(az) : undefined,
  };
}
