export { DataVolumeOptions } from './data-volume';
export { KubeletTuningOptions } from './kubelet-tuning';
export { NodeImage } from './node-image';
export { TunedNodegroup, TunedNodegroupOptions, TunedNodegroupProps } from './tuned-nodegroup';
