import {
  AutoModeCapacityReservationTerm,
  AutoModeInterfaceType,
  AutoModeKernelLockdown,
  AutoModeNetworkInterface,
  AutoModeNodeClassSpec,
  AutoModeSelectorTerm,
} from './node-class-options';
import { IPV4_PREFIX_SIZES } from '../capacity/auto-mode-networking';
import { gp3RatioProblem } from '../node-spec/data-volume';
import { NetkitValidationError, isUnresolved, requireInteger } from '../private/validation-error';

/** AWS's documented ranges for NodeClass fields (create-node-class). */
export const NODE_CLASS_LIMITS = {
  minSizeGiB: 1,
  maxSizeGiB: 59000,
  minIops: 3000,
  maxIops: 16000,
  minThroughput: 125,
  maxThroughput: 1000,
  maxProxyLength: 255,
  maxNoProxyEntries: 50,
} as const;

/**
 * Ephemeral storage that does not throttle at boot: 250 MiB/s, twice gp3's baseline, as the library's data volume on
 * managed node groups. Image pulls, the containerd unpack and every DaemonSet start hit this one volume at once.
 */
export const BOOT_SAFE_EPHEMERAL_STORAGE = { sizeGiB: 100, iops: 3000, throughputMiBps: 250 } as const;

/** Tag keys Auto Mode manages itself and refuses in `spec.tags`. */
const RESTRICTED_TAGS = [
  /^kubernetes\.io\/cluster\//,
  /^karpenter\.sh\/(provisioner-name|nodepool|nodeclaim|managed-by)$/,
  /^eks\.amazonaws\.com\/nodeclass$/,
];
const ENUM_VALUES = {
  snatPolicy: ['Random', 'Disabled'],
  networkPolicy: ['DefaultAllow', 'DefaultDeny'],
  ipv4PrefixSize: IPV4_PREFIX_SIZES,
  kernelLockdown: Object.values(AutoModeKernelLockdown) as string[],
  interfaceType: Object.values(AutoModeInterfaceType) as string[],
};

/**
 * Render an `eks.amazonaws.com/v1` NodeClass, checking every field against AWS's documented values first.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/create-node-class.html
 */
export function renderAutoModeNodeClass(spec: AutoModeNodeClassSpec, path = 'NodeClass'): Record<string, unknown> {
  validate(spec, path);
  const storage = { ...BOOT_SAFE_EPHEMERAL_STORAGE, ...definedOnly(spec.ephemeralStorage ?? {}) };
  const advancedNetworking = {
    ...(spec.associatePublicIpAddress !== undefined ? { associatePublicIPAddress: spec.associatePublicIpAddress } : {}),
    ...(spec.httpsProxy !== undefined ? { httpsProxy: spec.httpsProxy } : {}),
    ...(spec.noProxy !== undefined ? { noProxy: [...spec.noProxy] } : {}),
    // AWS documents it under advancedNetworking; at the top of spec the API server refuses (or prunes) it.
    ...(spec.ipv4PrefixSize ? { ipv4PrefixSize: spec.ipv4PrefixSize } : {}),
    ...(spec.enableV4Egress !== undefined ? { enableV4Egress: spec.enableV4Egress } : {}),
    ...(spec.networkInterfaces !== undefined
      ? { networkInterfaces: spec.networkInterfaces.map(networkInterface) }
      : {}),
  };
  const security = definedOnly(spec.advancedSecurity ?? {});
  return {
    apiVersion: 'eks.amazonaws.com/v1',
    kind: 'NodeClass',
    metadata: { name: spec.name },
    spec: {
      role: spec.roleName,
      subnetSelectorTerms: spec.subnetSelectorTerms.map(term),
      securityGroupSelectorTerms: spec.securityGroupSelectorTerms.map(term),
      ...(spec.podSubnetSelectorTerms ? { podSubnetSelectorTerms: spec.podSubnetSelectorTerms.map(term) } : {}),
      ...(spec.podSecurityGroupSelectorTerms
        ? { podSecurityGroupSelectorTerms: spec.podSecurityGroupSelectorTerms.map(term) }
        : {}),
      ...(spec.capacityReservationSelectorTerms
        ? { capacityReservationSelectorTerms: spec.capacityReservationSelectorTerms.map(reservationTerm) }
        : {}),
      ...(spec.placementGroup ? { placementGroupSelector: definedOnly(spec.placementGroup) } : {}),
      ...(spec.snatPolicy ? { snatPolicy: spec.snatPolicy } : {}),
      ...(spec.networkPolicy ? { networkPolicy: spec.networkPolicy } : {}),
      ...(spec.networkPolicyEventLogs !== undefined
        ? { networkPolicyEventLogs: spec.networkPolicyEventLogs ? 'Enabled' : 'Disabled' }
        : {}),
      ...(Object.keys(advancedNetworking).length > 0 ? { advancedNetworking } : {}),
      ...(Object.keys(security).length > 0 ? { advancedSecurity: security } : {}),
      ...(spec.certificateBundles
        ? { certificateBundles: spec.certificateBundles.map((b) => ({ name: b.name, data: b.data })) }
        : {}),
      ephemeralStorage: {
        size: `${storage.sizeGiB}Gi`,
        iops: storage.iops,
        throughput: storage.throughputMiBps,
        ...(storage.kmsKeyId !== undefined ? { kmsKeyID: storage.kmsKeyId } : {}),
      },
      ...(spec.tags && Object.keys(spec.tags).length > 0 ? { tags: { ...spec.tags } } : {}),
    },
  };
}

function term(t: AutoModeSelectorTerm): Record<string, unknown> {
  return {
    ...(t.id !== undefined ? { id: t.id } : {}),
    ...(t.tags ? { tags: { ...t.tags } } : {}),
    ...(t.name !== undefined ? { name: t.name } : {}),
  };
}

function reservationTerm(t: AutoModeCapacityReservationTerm): Record<string, unknown> {
  return {
    ...(t.id !== undefined ? { id: t.id } : {}),
    ...(t.tags ? { tags: { ...t.tags } } : {}),
    ...(t.owner !== undefined ? { owner: t.owner } : {}),
  };
}

function networkInterface(n: AutoModeNetworkInterface): Record<string, unknown> {
  return {
    networkCardIndex: n.networkCardIndex,
    deviceIndex: n.deviceIndex,
    interfaceType: n.interfaceType,
    ...(n.secondaryIpv4Count !== undefined ? { secondaryIPv4Count: n.secondaryIpv4Count } : {}),
    ...(n.secondaryIpv4PrefixCount !== undefined ? { secondaryIPv4PrefixCount: n.secondaryIpv4PrefixCount } : {}),
  };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function fail(path: string, message: string): never {
  throw new NetkitValidationError(`${path}: ${message}`);
}

function validate(spec: AutoModeNodeClassSpec, path: string): void {
  if (
    !isUnresolved(spec.name) &&
    (!/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(spec.name) || spec.name === 'default')
  ) {
    fail(
      path,
      `name '${spec.name}' must be a lower-case DNS name other than 'default' (AWS reserves it for the built-in node class); e.g. 'netkit'`,
    );
  }
  checkTerms(path, 'subnetSelectorTerms', spec.subnetSelectorTerms, false, true);
  checkTerms(path, 'securityGroupSelectorTerms', spec.securityGroupSelectorTerms, true, true);
  checkTerms(path, 'podSubnetSelectorTerms', spec.podSubnetSelectorTerms, false, false);
  checkTerms(path, 'podSecurityGroupSelectorTerms', spec.podSecurityGroupSelectorTerms, true, false);
  if ((spec.podSubnetSelectorTerms === undefined) !== (spec.podSecurityGroupSelectorTerms === undefined)) {
    fail(
      path,
      'podSubnetSelectorTerms and podSecurityGroupSelectorTerms go together: pods in their own subnets need their own security groups; set both or neither',
    );
  }
  checkEnum(path, 'snatPolicy', spec.snatPolicy);
  checkEnum(path, 'networkPolicy', spec.networkPolicy);
  checkEnum(path, 'ipv4PrefixSize', spec.ipv4PrefixSize);
  if (spec.httpsProxy !== undefined && !isUnresolved(spec.httpsProxy)) {
    if (!/^https?:\/\/\S+$/.test(spec.httpsProxy) || spec.httpsProxy.length > NODE_CLASS_LIMITS.maxProxyLength) {
      fail(
        path,
        `httpsProxy '${spec.httpsProxy}' must be an http:// or https:// URL of at most ${NODE_CLASS_LIMITS.maxProxyLength} characters, e.g. http://192.0.2.4:3128`,
      );
    }
  }
  if (spec.noProxy !== undefined && !isUnresolved(spec.noProxy)) {
    if (spec.httpsProxy === undefined) {
      fail(path, 'noProxy is set without httpsProxy; set httpsProxy too, or drop noProxy');
    }
    if (spec.noProxy.length > NODE_CLASS_LIMITS.maxNoProxyEntries) {
      fail(
        path,
        `noProxy has ${spec.noProxy.length} entries; AWS allows at most ${NODE_CLASS_LIMITS.maxNoProxyEntries}`,
      );
    }
    const long = spec.noProxy.find(
      (e) => !isUnresolved(e) && (e.length === 0 || e.length > NODE_CLASS_LIMITS.maxProxyLength),
    );
    if (long !== undefined) {
      fail(path, `noProxy entry '${long}' must be 1 to ${NODE_CLASS_LIMITS.maxProxyLength} characters`);
    }
  }
  checkEnum(path, 'kernelLockdown', spec.advancedSecurity?.kernelLockdown);
  checkCertificateBundles(path, spec);
  checkReservationTerms(path, spec.capacityReservationSelectorTerms);
  checkNetworkInterfaces(path, spec);
  checkPlacementGroup(path, spec);
  const storage = spec.ephemeralStorage ?? {};
  const prop = (name: string) => `${path}: ephemeralStorage.${name}`;
  requireInteger(prop('sizeGiB'), storage.sizeGiB, NODE_CLASS_LIMITS.minSizeGiB, NODE_CLASS_LIMITS.maxSizeGiB);
  requireInteger(prop('iops'), storage.iops, NODE_CLASS_LIMITS.minIops, NODE_CLASS_LIMITS.maxIops);
  requireInteger(
    prop('throughputMiBps'),
    storage.throughputMiBps,
    NODE_CLASS_LIMITS.minThroughput,
    NODE_CLASS_LIMITS.maxThroughput,
  );
  // Auto Mode's ephemeral storage is a gp3 volume: the data volume's ratios apply.
  const ratios = gp3RatioProblem('ephemeralStorage', { ...BOOT_SAFE_EPHEMERAL_STORAGE, ...definedOnly(storage) });
  if (ratios) fail(path, ratios);
  for (const key of Object.keys(spec.tags ?? {})) {
    if (!isUnresolved(key) && RESTRICTED_TAGS.some((r) => r.test(key))) {
      fail(
        path,
        `tags: '${key}' is a tag Auto Mode manages itself (kubernetes.io/cluster/*, karpenter.sh/*, eks.amazonaws.com/nodeclass); use another key`,
      );
    }
  }
}

function checkTerms(
  path: string,
  prop: string,
  terms: readonly AutoModeSelectorTerm[] | undefined,
  nameAllowed: boolean,
  required: boolean,
): void {
  if (terms === undefined) {
    if (required) fail(path, `${prop} is required`);
    return;
  }
  if (isUnresolved(terms)) return;
  if (terms.length === 0) {
    fail(path, `${prop} is empty; give at least one term ({ id } or { tags }${nameAllowed ? ' or { name }' : ''})`);
  }
  terms.forEach((t, i) => {
    const given = [t.id !== undefined && 'id', t.tags !== undefined && 'tags', t.name !== undefined && 'name'].filter(
      Boolean,
    );
    if (!nameAllowed && t.name !== undefined) {
      fail(path, `${prop}[${i}].name: subnets are selected by id or tags, not by name`);
    }
    if (given.length !== 1) {
      fail(
        path,
        `${prop}[${i}] has ${given.length === 0 ? 'no selector' : given.join(' and ')}; give exactly one of id, tags${nameAllowed ? ', name' : ''}`,
      );
    }
    if (t.tags !== undefined && !isUnresolved(t.tags) && Object.keys(t.tags).length === 0) {
      fail(path, `${prop}[${i}].tags is empty; it would match every resource`);
    }
  });
}

function checkEnum(path: string, prop: keyof typeof ENUM_VALUES, value: string | undefined): void {
  if (value === undefined || isUnresolved(value)) return;
  if (!ENUM_VALUES[prop].includes(value)) {
    fail(path, `${prop} '${value}' is not one of ${ENUM_VALUES[prop].join(', ')}`);
  }
}

function checkCertificateBundles(path: string, spec: AutoModeNodeClassSpec): void {
  const bundles = spec.certificateBundles;
  if (bundles === undefined || isUnresolved(bundles)) return;
  if (bundles.length === 0) fail(path, 'certificateBundles is empty; leave it out, or give { name, data } bundles');
  const seen = new Set<string>();
  bundles.forEach((b, i) => {
    if (!isUnresolved(b.name)) {
      if (!b.name) fail(path, `certificateBundles[${i}].name is empty; name the bundle, e.g. 'corporate-proxy-ca'`);
      if (seen.has(b.name)) fail(path, `certificateBundles[${i}].name '${b.name}' is used twice; names must be unique`);
      seen.add(b.name);
    }
    if (isUnresolved(b.data)) return;
    if (b.data.includes('-----BEGIN')) {
      fail(
        path,
        `certificateBundles[${i}].data is PEM text; AWS takes it base64-encoded: pass Buffer.from(pem).toString('base64') (or base64 -w0 ca.pem)`,
      );
    }
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b.data) || b.data.length % 4 !== 0) {
      fail(
        path,
        `certificateBundles[${i}].data is not base64 ('${b.data.slice(0, 20)}…'); base64-encode the PEM certificate(s)`,
      );
    }
  });
}

function checkReservationTerms(path: string, terms: readonly AutoModeCapacityReservationTerm[] | undefined): void {
  if (terms === undefined || isUnresolved(terms)) return;
  if (terms.length === 0) {
    fail(path, 'capacityReservationSelectorTerms is empty; leave it out, or give { id } or { tags } terms');
  }
  terms.forEach((t, i) => {
    const where = `capacityReservationSelectorTerms[${i}]`;
    if ((t.id === undefined) === (t.tags === undefined)) {
      fail(path, `${where} has ${t.id === undefined ? 'neither id nor tags' : 'both id and tags'}; give exactly one`);
    }
    if (t.id !== undefined && t.owner !== undefined) {
      fail(path, `${where}.owner filters tag matches only; drop owner from the term that selects by id`);
    }
    if (t.id !== undefined && !isUnresolved(t.id) && !/^cr-[0-9a-z]+$/.test(t.id)) {
      fail(path, `${where}.id '${t.id}' is not a capacity reservation ID (cr-…)`);
    }
    if (t.owner !== undefined && !isUnresolved(t.owner) && !/^[0-9]{12}$/.test(t.owner)) {
      fail(path, `${where}.owner '${t.owner}' is not a 12-digit AWS account ID`);
    }
    if (t.tags !== undefined && !isUnresolved(t.tags) && Object.keys(t.tags).length === 0) {
      fail(path, `${where}.tags is empty; it would match every reservation`);
    }
  });
}

/** The rules of create-node-class "Static Network Interface Configuration". */
function checkNetworkInterfaces(path: string, spec: AutoModeNodeClassSpec): void {
  const nics = spec.networkInterfaces;
  if (nics === undefined || isUnresolved(nics)) return;
  if (nics.length === 0) fail(path, 'networkInterfaces is empty; leave it out to let Auto Mode attach interfaces');
  const seen = new Set<string>();
  nics.forEach((n, i) => {
    const where = `networkInterfaces[${i}]`;
    requireInteger(`${path}: ${where}.networkCardIndex`, n.networkCardIndex, 0);
    requireInteger(`${path}: ${where}.deviceIndex`, n.deviceIndex, 0);
    requireInteger(`${path}: ${where}.secondaryIpv4Count`, n.secondaryIpv4Count, 1);
    requireInteger(`${path}: ${where}.secondaryIpv4PrefixCount`, n.secondaryIpv4PrefixCount, 1);
    checkEnum(path, 'interfaceType', n.interfaceType);
    const key = `${n.networkCardIndex}/${n.deviceIndex}`;
    if (seen.has(key)) {
      fail(path, `${where}: network card ${n.networkCardIndex}, device ${n.deviceIndex} is listed twice`);
    }
    seen.add(key);
    const counted = n.secondaryIpv4Count !== undefined || n.secondaryIpv4PrefixCount !== undefined;
    if (n.secondaryIpv4Count !== undefined && n.secondaryIpv4PrefixCount !== undefined) {
      fail(path, `${where} sets both secondaryIpv4Count and secondaryIpv4PrefixCount; AWS allows one per interface`);
    }
    if (counted && n.interfaceType === AutoModeInterfaceType.EFA_ONLY) {
      fail(path, `${where} is efa-only, which takes no IP addresses; drop its secondary IPv4 count`);
    }
    if (counted && n.networkCardIndex !== 0) {
      fail(
        path,
        `${where}: secondary IPv4 counts are only supported on network card 0 (this is card ${n.networkCardIndex})`,
      );
    }
    if (n.networkCardIndex === 0 && n.deviceIndex === 0 && n.interfaceType !== AutoModeInterfaceType.INTERFACE) {
      fail(path, `${where} is the primary ENI (card 0, device 0), which must be interfaceType 'interface'`);
    }
  });
  if (!seen.has('0/0')) {
    fail(
      path,
      'networkInterfaces has no primary ENI; list { networkCardIndex: 0, deviceIndex: 0, interfaceType: INTERFACE }',
    );
  }
  if (staticPodAddresses(nics) === 0) {
    fail(
      path,
      'networkInterfaces assign no pod addresses (no secondaryIpv4Count or secondaryIpv4PrefixCount), and Auto Mode adds none after launch; ' +
        'give the primary ENI e.g. secondaryIpv4PrefixCount: 1',
    );
  }
  if (nics.length > 1 && spec.associatePublicIpAddress === true) {
    fail(
      path,
      'associatePublicIpAddress cannot be true with more than one network interface (AWS refuses it); drop one',
    );
  }
}

/**
 * The pod addresses static interfaces give a node: each secondary address is one, each /28 prefix sixteen. Auto Mode
 * adds none after launch, so this bounds the pods per node.
 */
export function staticPodAddresses(nics: readonly AutoModeNetworkInterface[]): number {
  return nics.reduce((sum, n) => sum + (n.secondaryIpv4Count ?? 0) + 16 * (n.secondaryIpv4PrefixCount ?? 0), 0);
}

function checkPlacementGroup(path: string, spec: AutoModeNodeClassSpec): void {
  const pg = spec.placementGroup;
  if (pg === undefined) return;
  if ((pg.name === undefined) === (pg.id === undefined)) {
    fail(
      path,
      `placementGroup has ${pg.name === undefined ? 'neither name nor id' : 'both name and id'}; give exactly one`,
    );
  }
  if (pg.id !== undefined && !isUnresolved(pg.id) && !/^pg-[0-9a-z]+$/.test(pg.id)) {
    fail(path, `placementGroup.id '${pg.id}' is not a placement group ID (pg-…)`);
  }
}
