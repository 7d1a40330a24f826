export { AutoModeState } from './auto-mode-cluster';
export { AutoModeNodeClass, AutoModeNodeClassProps } from './auto-mode-node-class';
export { AutoModeNodePool, AutoModeNodePoolOptions, AutoModeNodePoolProps } from './auto-mode-node-pool';
export { NetkitDaemonSet } from './daemon-set-placement';
export {
  AutoModeAdvancedSecurity,
  AutoModeCapacityReservationTerm,
  AutoModeCertificateBundle,
  AutoModeInterfaceType,
  AutoModeKernelLockdown,
  AutoModeNetworkInterface,
  AutoModePlacementGroupSelector,
  AutoModeEphemeralStorage,
  AutoModeNetworkPolicy,
  AutoModeSelectorTerm,
  AutoModeSnatPolicy,
} from './node-class-options';
