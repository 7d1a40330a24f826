export { AutoModeNodeClass, AutoModeNodeClassProps } from './auto-mode-node-class';
export { AutoModeNodePool, AutoModeNodePoolOptions, AutoModeNodePoolProps } from './auto-mode-node-pool';
export {
  AutoModeEphemeralStorage,
  AutoModeNetworkPolicy,
  AutoModeSelectorTerm,
  AutoModeSnatPolicy,
} from './node-class-options';
