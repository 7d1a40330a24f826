import { CfnResource, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { cfnSubnetFacts, customResourceProperties, decodeJson } from './resource-reader';
import { PODS_PER_NODE_ANNOTATION } from '../automode/node-pool-manifest';

/** A subnet a NodeClass selects by ID, as the stack defines it. */
export interface AutoModeSubnetFacts {
  /** The subnet's CIDR, when a literal. */
  readonly cidr?: string;
  /** Its Availability Zone as resolved CloudFormation (a name or an `Fn::Select` of `Fn::GetAZs`), to compare. */
  readonly azKey?: string;
}

/** An Auto Mode NodeClass applied in the stack. */
export interface AutoModeNodeClassFacts {
  readonly resource: CfnResource;
  readonly name: string;
  /** The manifest's spec, deploy-time values replaced by placeholders. */
  readonly spec: any;
  /** Node subnets selected by ID of a subnet of this stack; undefined when any term is by tags or unknown. */
  readonly nodeSubnets?: AutoModeSubnetFacts[];
  /** Pod subnets, likewise; undefined without podSubnetSelectorTerms or when unknown. */
  readonly podSubnets?: AutoModeSubnetFacts[];
}

/** An Auto Mode NodePool applied in the stack. */
export interface AutoModeNodePoolFacts {
  readonly resource: CfnResource;
  readonly name: string;
  readonly nodeClassName: string;
  /** `node.kubernetes.io/instance-type` In values; empty when the pool does not list types. */
  readonly instanceTypes: string[];
  /** `limits.cpu` as a number, when a literal whole number. */
  readonly cpuLimit?: number;
  /** The pods per node the user expects (NodePool annotation), when given. */
  readonly podsPerNode?: number;
}

/** The Auto Mode objects of a stack. */
export interface AutoModeFacts {
  readonly nodeClasses: AutoModeNodeClassFacts[];
  readonly nodePools: AutoModeNodePoolFacts[];
}

const PLACEHOLDER = /^@@ref:(.+)@@$/;

/**
 * Read the NodeClass and NodePool manifests a stack applies, keeping which subnet each `{ Ref }` in a selector names
 * (the cluster facts replace deploy-time values with a bare TOKEN, which would lose it).
 */
export function autoModeFacts(
  stack: Stack,
  resources: readonly CfnResource[],
  byLogicalId: Map<string, CfnResource>,
): AutoModeFacts {
  const facts: AutoModeFacts = { nodeClasses: [], nodePools: [] };
  for (const r of resources) {
    if (r.cfnResourceType !== 'Custom::AWSCDK-EKS-KubernetesResource') continue;
    for (const object of manifestObjects(stack, r)) {
      if (object?.apiVersion === 'eks.amazonaws.com/v1' && object.kind === 'NodeClass') {
        const spec = object.spec ?? {};
        facts.nodeClasses.push({
          resource: r,
          name: String(object.metadata?.name),
          spec,
          nodeSubnets: subnetsOf(stack, byLogicalId, spec.subnetSelectorTerms),
          podSubnets: subnetsOf(stack, byLogicalId, spec.podSubnetSelectorTerms),
        });
      } else if (object?.apiVersion === 'karpenter.sh/v1' && object.kind === 'NodePool') {
        const template = object.spec?.template?.spec ?? {};
        if (template.nodeClassRef?.group !== 'eks.amazonaws.com') continue;
        // Shapes other than the NodePool schema's lists (which the API server rejects anyway) read as not given.
        const types = (Array.isArray(template.requirements) ? template.requirements : []).find(
          (q: any) => q?.key === 'node.kubernetes.io/instance-type' && q?.operator === 'In',
        );
        const cpu = object.spec?.limits?.cpu;
        const pods = object.metadata?.annotations?.[PODS_PER_NODE_ANNOTATION];
        facts.nodePools.push({
          resource: r,
          name: String(object.metadata?.name),
          nodeClassName: String(template.nodeClassRef.name),
          instanceTypes: (Array.isArray(types?.values) ? types.values : []).filter(
            (t: unknown) => typeof t === 'string' && !PLACEHOLDER.test(t),
          ),
          cpuLimit: /^\d+$/.test(String(cpu)) ? Number(cpu) : undefined,
          podsPerNode: /^\d+$/.test(String(pods)) ? Number(pods) : undefined,
        });
      }
    }
  }
  return facts;
}

/** The manifest's objects, each `{ Ref: X }` written as `@@ref:X@@` and any other deploy-time value as `@@token@@`. */
function manifestObjects(stack: Stack, r: CfnResource): any[] {
  const objects = decodeJson(stack, customResourceProperties(r).Manifest, (part) =>
    typeof part?.Ref === 'string' ? `@@ref:${part.Ref}@@` : '@@token@@',
  );
  return Array.isArray(objects) ? objects : [];
}

function subnetsOf(
  stack: Stack,
  byLogicalId: Map<string, CfnResource>,
  terms: any[] | undefined,
): AutoModeSubnetFacts[] | undefined {
  if (!Array.isArray(terms) || terms.length === 0) return undefined;
  const subnets: AutoModeSubnetFacts[] = [];
  for (const term of terms) {
    const ref = typeof term?.id === 'string' ? PLACEHOLDER.exec(term.id)?.[1] : undefined;
    const subnet = ref !== undefined ? byLogicalId.get(ref) : undefined;
    if (!subnet || !ec2.CfnSubnet.isCfnSubnet(subnet)) return undefined;
    const { cidr, azKey } = cfnSubnetFacts(stack, subnet);
    subnets.push({ cidr, azKey });
  }
  return subnets;
}
