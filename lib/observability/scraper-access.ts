/**
 * What the AMP managed scraper may read in the cluster: the Kubernetes RBAC its discovery needs, derived from the
 * scrape configuration, bound to the user AWS maps the scraper's role to.
 *
 * AWS's managed-collector setup ("Configuring your Amazon EKS cluster", manual configuration): a ClusterRole bound by a
 * ClusterRoleBinding to the Kubernetes user `aps-collector-user`, and the scraper's role (with its path removed)
 * mapped to that user. With API or API_AND_CONFIG_MAP authentication, CreateScraper itself creates an access entry
 * for the scraper's role (which is why CloudFormation's scraper handler needs eks:CreateAccessEntry and
 * eks:AssociateAccessPolicy); with CONFIG_MAP the mapping goes into aws-auth.
 * @see https://docs.aws.amazon.com/prometheus/latest/userguide/AMP-collector-how-to.html#AMP-collector-eks-setup
 */

/** The Kubernetes user the scraper's role is mapped to, as AWS's setup names it. */
export const SCRAPER_KUBERNETES_USER = 'aps-collector-user';
/** Name of the library's ClusterRole and ClusterRoleBinding (its own, so AWS's example objects are left alone). */
export const SCRAPER_RBAC_NAME = 'netkit-aps-collector';
/** The verbs AWS's ClusterRole grants (its `describe` is no Kubernetes verb and is left out). */
export const SCRAPER_VERBS = ['get', 'list', 'watch'];

/** One ClusterRole rule. */
export interface RbacRule {
  readonly apiGroups: string[];
  readonly resources: string[];
  readonly verbs: string[];
}

/** The objects each `kubernetes_sd_configs` role lists and watches (Prometheus's Kubernetes service discovery). */
const DISCOVERY_READS: Record<string, Array<[group: string, resource: string]>> = {
  node: [['', 'nodes']],
  pod: [['', 'pods']],
  service: [['', 'services']],
  endpoints: [
    ['', 'endpoints'],
    ['', 'services'],
    ['', 'pods'],
  ],
  endpointslice: [
    ['discovery.k8s.io', 'endpointslices'],
    ['', 'services'],
    ['', 'pods'],
  ],
  ingress: [['networking.k8s.io', 'ingresses']],
};

/**
 * The ClusterRole rules a scrape configuration needs: read access to what its service discovery watches, nothing
 * else. Targets are scraped at their pod IPs without Kubernetes credentials, so they need no grant; a job that
 * scrapes through the API server (an `authorization` section) is refused, because its grant cannot be derived here.
 */
export function scraperRbacRules(config: { scrape_configs?: unknown[] }): RbacRule[] {
  const byGroup = new Map<string, Set<string>>();
  for (const job of (config.scrape_configs ?? []) as Array<Record<string, any>>) {
    if (job.authorization || job.bearer_token_file) {
      throw new Error(`scrape job ${job.job_name} scrapes through the API server; its RBAC grant is not derived`);
    }
    for (const sd of (job.kubernetes_sd_configs ?? []) as Array<Record<string, any>>) {
      const reads = DISCOVERY_READS[sd.role];
      if (!reads) throw new Error(`scrape job ${job.job_name} uses unknown kubernetes_sd role '${sd.role}'`);
      const all = sd.attach_metadata?.node ? [...reads, ['', 'nodes'] as [string, string]] : reads;
      for (const [group, resource] of all) {
        byGroup.set(group, (byGroup.get(group) ?? new Set()).add(resource));
      }
    }
  }
  return [...byGroup.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, resources]) => ({ apiGroups: [group], resources: [...resources].sort(), verbs: [...SCRAPER_VERBS] }));
}

/** The ClusterRole and the ClusterRoleBinding to {@link SCRAPER_KUBERNETES_USER}. */
export function scraperRbacObjects(rules: RbacRule[]): Array<Record<string, unknown>> {
  const labels = { 'app.kubernetes.io/managed-by': 'cdk-eks-netkit' };
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: SCRAPER_RBAC_NAME, labels },
      rules,
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: SCRAPER_RBAC_NAME, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: SCRAPER_RBAC_NAME },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: SCRAPER_KUBERNETES_USER }],
    },
  ];
}
