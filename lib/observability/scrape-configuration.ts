import {
  NODE_LOCAL_DNS_METRICS_PORT,
  NODE_LOCAL_DNS_NAME,
  NODE_LOCAL_DNS_NAMESPACE,
} from '../manifests/node-local-dns';
import { toYaml } from '../private/yaml';
import { EnaMetricNaming } from '../rules/network-rules';

/** Port of the library's node_exporter (not 9100, so it does not clash with a node_exporter you already run). */
export const NODE_EXPORTER_PORT = 9110;
/** Namespace of the library's node_exporter DaemonSet. */
export const NODE_EXPORTER_NAMESPACE = 'kube-system';
/** Where EKS runs the add-ons scraped here: CoreDNS and the VPC CNI's aws-node. */
export const EKS_ADDON_NAMESPACE = 'kube-system';
/** Port of the Showmax ethtool exporter's DaemonSet. */
export const SHOWMAX_EXPORTER_PORT = 9417;
/** VPC CNI ipamd metrics port. */
export const IPAMD_METRICS_PORT = 61678;
/** CoreDNS metrics port. */
export const COREDNS_METRICS_PORT = 9153;
/** NodeLocal DNSCache's CoreDNS metrics port (owned by its manifest). */
export { NODE_LOCAL_DNS_METRICS_PORT };

/**
 * A pod-discovery job that keeps pods with a label value and a container port, labelled with their node. With a
 * namespace, only pods in it: labels are no proof of identity, and a pod anyone may create elsewhere with the same
 * labels and port must not feed the network rules.
 */
function podJob(
  jobName: string,
  labelName: string,
  labelValue: string,
  port: number,
  namespace?: string,
): Record<string, unknown> {
  return {
    job_name: jobName,
    kubernetes_sd_configs: [{ role: 'pod' }],
    relabel_configs: [
      ...(namespace ? [{ source_labels: ['__meta_kubernetes_namespace'], regex: namespace, action: 'keep' }] : []),
      { source_labels: [`__meta_kubernetes_pod_label_${labelName}`], regex: labelValue, action: 'keep' },
      { source_labels: ['__meta_kubernetes_pod_container_port_number'], regex: String(port), action: 'keep' },
      { source_labels: ['__meta_kubernetes_pod_node_name'], target_label: 'node' },
      { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
    ],
  };
}

/**
 * The managed scraper's configuration: the ENA exporter, CoreDNS (:9153), NodeLocal DNSCache (:9253) and the VPC
 * CNI's ipamd (:61678), discovered as pods (the only service discovery the AMP collector has), each in the namespace
 * it is deployed to. The Showmax exporter is yours, so it is found in whatever namespace you run it.
 * @see https://docs.aws.amazon.com/prometheus/latest/userguide/AMP-collector-how-to.html
 */
export function scrapeConfiguration(scrapeIntervalSeconds: number, naming: EnaMetricNaming): Record<string, unknown> {
  const exporter =
    naming === EnaMetricNaming.SHOWMAX
      ? podJob('ethtool-exporter', 'app', 'ethtool-exporter', SHOWMAX_EXPORTER_PORT)
      : podJob(
          'node-exporter',
          'app_kubernetes_io_name',
          'netkit-node-exporter',
          NODE_EXPORTER_PORT,
          NODE_EXPORTER_NAMESPACE,
        );
  return {
    global: { scrape_interval: `${scrapeIntervalSeconds}s`, scrape_timeout: '10s' },
    scrape_configs: [
      exporter,
      podJob('coredns', 'k8s_app', 'kube-dns', COREDNS_METRICS_PORT, EKS_ADDON_NAMESPACE),
      podJob(
        NODE_LOCAL_DNS_NAME,
        'k8s_app',
        NODE_LOCAL_DNS_NAME,
        NODE_LOCAL_DNS_METRICS_PORT,
        NODE_LOCAL_DNS_NAMESPACE,
      ),
      podJob('aws-node', 'k8s_app', 'aws-node', IPAMD_METRICS_PORT, EKS_ADDON_NAMESPACE),
    ],
  };
}

/** {@link scrapeConfiguration} as the YAML the scraper takes (base64-encoded by the caller). */
export function renderScrapeConfiguration(scrapeIntervalSeconds: number, naming: EnaMetricNaming): string {
  return toYaml(scrapeConfiguration(scrapeIntervalSeconds, naming), { lineWidth: 0 });
}
