export { AutoModeNodeClass, AutoModeNodeClassProps } from './auto-mode-node-class';
export { AutoModeNodePool, AutoModeNodePoolOptions, AutoModeNodePoolProps } from './auto-mode-node-pool';
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
