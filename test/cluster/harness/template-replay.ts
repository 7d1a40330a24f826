import { createHash } from 'node:crypto';
import { HandlerEvent, RequestType } from './kubectl-handler';

// What CloudFormation would send the kubectl provider for one synthesized template: every kubectl custom resource in
// dependency order, its properties resolved the way a deployment resolves them (with stand-in values for what only a
// real account knows: cluster name, ARNs, IDs, the cluster endpoint).

export const KUBERNETES_RESOURCE = 'Custom::AWSCDK-EKS-KubernetesResource';
export const KUBERNETES_PATCH = 'Custom::AWSCDK-EKS-KubernetesPatch';
export const HELM_CHART = 'Custom::AWSCDK-EKS-HelmChart';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

export interface ReplayResource {
  readonly logicalId: string;
  readonly type: string;
  /** Properties as the handler receives them (ServiceToken dropped). */
  readonly properties: Record<string, unknown>;
  /** What a reader of the test output recognises: the patched object, or the kinds and names of the manifest. */
  readonly summary: string;
}

type Template = { Resources: Record<string, any>; Parameters?: Record<string, any> };

function hexOf(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** The service range an IPv6 cluster reports: EKS picks a /108 from fc00::/7 at creation (the EKS IPv6 docs' shape). */
export const SERVICE_IPV6_CIDR = 'fd30:1c53:5f8a::/108';

/** A stand-in physical value for `Ref` to a resource, shaped like the real one where manifests care. */
function refValue(template: Template, id: string, stackName: string): string {
  if (id === 'AWS::Region') return REGION;
  if (id === 'AWS::AccountId') return ACCOUNT;
  if (id === 'AWS::Partition') return 'aws';
  if (id === 'AWS::URLSuffix') return 'amazonaws.com';
  if (id === 'AWS::StackName') return stackName;
  const parameter = template.Parameters?.[id];
  if (parameter) return String(parameter.Default ?? `${id}-value`);
  const type = template.Resources[id]?.Type;
  if (type === 'AWS::EC2::Subnet') return `subnet-${hexOf(id, 17)}`;
  if (type === 'AWS::EC2::SecurityGroup') return `sg-${hexOf(id, 17)}`;
  if (type === 'AWS::EC2::VPC') return `vpc-${hexOf(id, 17)}`;
  if (type === 'AWS::EKS::Cluster') return `netkit-${hexOf(id, 8)}`;
  if (type === undefined) throw new Error(`Ref to ${id}, which the template does not define`);
  return `${id.toLowerCase()}-${hexOf(id, 8)}`;
}

function getAttValue(template: Template, id: string, attribute: string, stackName: string): string {
  const type = template.Resources[id]?.Type;
  if (type === undefined) throw new Error(`Fn::GetAtt of ${id}, which the template does not define`);
  if (attribute === 'Arn') {
    const service = type.split('::')[1].toLowerCase();
    const kind = type === 'AWS::IAM::Role' ? 'role/' : '';
    return `arn:aws:${service}:${service === 'iam' ? '' : REGION}:${ACCOUNT}:${kind}${refValue(template, id, stackName)}`;
  }
  if (type === 'AWS::EKS::Cluster' && attribute === 'KubernetesNetworkConfig.ServiceIpv6Cidr') {
    return SERVICE_IPV6_CIDR;
  }
  if (type === 'AWS::EKS::Cluster' && attribute === 'Endpoint') {
    return `https://${hexOf(id, 32).toUpperCase()}.gr7.${REGION}.eks.amazonaws.com`;
  }
  if (attribute.endsWith('SecurityGroupId')) return `sg-${hexOf(id + attribute, 17)}`;
  return `${refValue(template, id, stackName)}-${attribute}`;
}

/** Resolve CloudFormation intrinsics in a value. */
export function resolveIntrinsics(value: unknown, template: Template, stackName: string): any {
  const resolve = (v: unknown): any => resolveIntrinsics(v, template, stackName);
  if (Array.isArray(value)) return value.map(resolve);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  if (entries.length === 1) {
    const [[key, arg]] = entries as [[string, any]];
    switch (key) {
      case 'Ref':
        return refValue(template, arg, stackName);
      case 'Fn::GetAtt': {
        const [id, attribute] = Array.isArray(arg) ? arg : String(arg).split('.');
        return getAttValue(template, id, attribute, stackName);
      }
      case 'Fn::Join':
        return (resolve(arg[1]) as unknown[]).join(arg[0]);
      case 'Fn::Select':
        return resolve(arg[1])[Number(resolve(arg[0]))];
      case 'Fn::Split':
        return String(resolve(arg[1])).split(arg[0]);
      case 'Fn::Sub': {
        const [text, vars] = Array.isArray(arg) ? arg : [arg, {}];
        return String(text).replace(/\$\{([^}]+)\}/g, (_, name: string) => {
          if (vars[name] !== undefined) return resolve(vars[name]);
          const [id, attribute] = name.split('.');
          return attribute ? getAttValue(template, id, attribute, stackName) : refValue(template, id, stackName);
        });
      }
      default:
        if (key.startsWith('Fn::')) throw new Error(`the replay does not resolve ${key}`);
    }
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, resolve(v)]));
}

/** CloudFormation hands a custom resource every scalar property as a string (`true` arrives as `"true"`). */
function asCloudFormationSends(value: unknown): any {
  if (Array.isArray(value)) return value.map(asCloudFormationSends);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asCloudFormationSends(v)]));
}

/** Every resource a resource needs first: its DependsOn and the resources it references. */
function dependencies(resource: any): Set<string> {
  const found = new Set<string>([resource.DependsOn ?? []].flat());
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (typeof v !== 'object' || v === null) return;
    for (const [key, arg] of Object.entries(v)) {
      if (key === 'Ref' && typeof arg === 'string' && !arg.startsWith('AWS::')) {
        found.add(arg);
      } else if (key === 'Fn::GetAtt') {
        found.add(Array.isArray(arg) ? arg[0] : String(arg).split('.')[0]);
      } else if (key === 'Fn::Sub') {
        const text = Array.isArray(arg) ? arg[0] : arg;
        for (const [, name] of String(text).matchAll(/\$\{([^}.]+)[^}]*\}/g)) {
          if (!name.startsWith('AWS::')) found.add(name);
        }
        if (Array.isArray(arg)) walk(arg[1]);
      } else {
        walk(arg);
      }
    }
  };
  walk(resource.Properties);
  return found;
}

function summary(type: string, properties: Record<string, any>): string {
  if (type === KUBERNETES_PATCH) return `patch ${properties.ResourceNamespace}/${properties.ResourceName}`;
  const objects: any[] = JSON.parse(properties.Manifest);
  return objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ');
}

/**
 * The kubectl custom resources of a template in the order CloudFormation creates them (a topological order of every
 * resource by DependsOn and references, ties in template order). Helm charts are listed separately: out of scope.
 */
export function replayPlan(
  template: Template,
  stackName: string,
): { resources: ReplayResource[]; helmCharts: string[] } {
  const ids = Object.keys(template.Resources);
  const needs = new Map(
    ids.map((id) => [id, [...dependencies(template.Resources[id])].filter((d) => d in template.Resources)]),
  );
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') throw new Error(`dependency cycle through ${id}`);
    state.set(id, 'visiting');
    needs.get(id)!.forEach(visit);
    state.set(id, 'done');
    order.push(id);
  };
  ids.forEach(visit);
  const resources = order
    .filter((id) => [KUBERNETES_RESOURCE, KUBERNETES_PATCH].includes(template.Resources[id].Type))
    .map((id) => {
      const { Type: type, Properties: raw } = template.Resources[id];
      const { ServiceToken: _, ...rest } = raw;
      const properties = asCloudFormationSends(resolveIntrinsics(rest, template, stackName));
      return { logicalId: id, type, properties, summary: summary(type, properties) };
    });
  const helmCharts = order.filter((id) => template.Resources[id].Type === HELM_CHART);
  return { resources, helmCharts };
}

/** The event CloudFormation sends for one resource. */
export function eventFor(resource: ReplayResource, requestType: RequestType, previous?: ReplayResource): HandlerEvent {
  return {
    RequestType: requestType,
    ResourceType: resource.type,
    LogicalResourceId: resource.logicalId,
    ResourceProperties: resource.properties,
    ...(requestType === 'Update' ? { OldResourceProperties: (previous ?? resource).properties } : {}),
  };
}
