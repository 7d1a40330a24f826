export { NetworkObservability, NetworkObservabilityOptions, NetworkObservabilityProps } from './network-observability';
export { ClusterAuthenticationMode } from './scraper-access';
