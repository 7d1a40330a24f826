export { EnaMetricNaming } from './network-rules';
