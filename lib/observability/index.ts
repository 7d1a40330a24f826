export { NetworkObservability, NetworkObservabilityOptions, NetworkObservabilityProps } from './network-observability';
