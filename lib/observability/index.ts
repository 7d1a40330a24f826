export { NetworkObservability, NetworkObservabilityProps } from './network-observability';
