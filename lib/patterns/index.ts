export { NetworkBaseline, NetworkBaselineProps } from './network-baseline';
