import { EKS_OWNED } from './eks-seed';
import { HandlerResult, invokeKubectlHandler, RequestType } from './kubectl-handler';
import { LocalCluster } from './local-cluster';
import { eventFor, KUBERNETES_RESOURCE, ReplayResource } from './template-replay';

/** A test name for one replay step: the request, the logical ID and what it touches. */
export function stepName(requestType: RequestType, resource: ReplayResource): string {
  return `${requestType} ${resource.logicalId} (${resource.summary})`;
}

/** Send one event through the handler; fail with the handler's output (kubectl's message) when it fails. */
export function replayStep(
  cluster: LocalCluster,
  requestType: RequestType,
  resource: ReplayResource,
  previous?: ReplayResource,
): HandlerResult {
  const result = invokeKubectlHandler(cluster, eventFor(resource, requestType, previous));
  if (!result.ok) throw new Error(`${stepName(requestType, resource)} failed:\n${result.output.slice(-4000)}`);
  return result;
}

/** The objects a KubernetesResource manifest holds, as [kind, name, namespace]. */
export function manifestObjects(resource: ReplayResource): Array<{ kind: string; name: string; namespace?: string }> {
  if (resource.type !== KUBERNETES_RESOURCE) return [];
  return (JSON.parse(resource.properties.Manifest as string) as any[]).map((o) => ({
    kind: `${o.kind}.${o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : ''}`.replace(/\.$/, ''),
    name: o.metadata.name,
    namespace: o.metadata.namespace,
  }));
}

/** Set by the API server whenever a DaemonSet's pod template changes (its templateGeneration). */
const TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';

/** An object as the user sees it, without what the API server changes on every write. */
export function comparable(object: any): any {
  if (!object) return object;
  const { resourceVersion, managedFields, generation, uid, creationTimestamp, annotations, ...metadata } =
    object.metadata;
  const { [TEMPLATE_GENERATION]: _, ...kept } = annotations ?? {};
  const { status, ...rest } = object;
  return { ...rest, metadata: { ...metadata, ...(Object.keys(kept).length ? { annotations: kept } : {}) } };
}

/** EKS's own kube-system objects, comparable before and after a replay. */
export function eksOwnedObjects(cluster: LocalCluster): Record<string, any> {
  return Object.fromEntries(
    EKS_OWNED.map(([kind, name]) => [`${kind}/${name}`, comparable(cluster.get(kind, name, 'kube-system'))]),
  );
}

/** metadata.generation of every object a set of resources applied. */
export function generations(cluster: LocalCluster, resources: ReplayResource[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const resource of resources) {
    for (const { kind, name, namespace } of manifestObjects(resource)) {
      out[`${kind}/${namespace ? namespace + '/' : ''}${name}`] = cluster.get(kind, name, namespace)?.metadata
        .generation;
    }
  }
  return out;
}
