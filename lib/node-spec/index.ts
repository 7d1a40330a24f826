export { DataVolumeOptions } from './data-volume';
export { KubeletTuningOptions } from './kubelet-tuning';
export { NodeImage } from './node-image';
export { NodeSpecOptions } from './node-spec';
