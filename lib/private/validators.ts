import { App, CfnResource, Stack, Token } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { formatIp, isLinkLocal, parseCidr, parseIp, specialAddressKind } from './ip-address';

/**
 * The library's one set of input checks. Each check is pure: it takes the prop (or CLI flag) name and the value and
 * returns nothing when the value is acceptable, or the parts of a message a user can act on. Unresolved CDK tokens are
 * accepted unchecked (their value is only known at deploy time) and never printed as the numbers that encode them.
 */
export interface Problem {
  /** The prop or flag, as the user wrote it: `nodePool.name`, `--reserved-enis`. */
  readonly prop: string;
  /** The value given. */
  readonly value: unknown;
  /** What the value breaks, phrased to follow the value: `is not a DNS label: …`. */
  readonly rule: string;
  /** An example of a value that works, or what to do instead. */
  readonly fix?: string;
}

/** A check's answer: undefined when the value passes. */
export type Check = Problem | undefined;

/** True when a value only resolves at deploy time: checks skip it. */
export function isToken(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'object') return false;
  // A construct is never a token, though a Stack has the resolve() method that marks tokens.
  if (Construct.isConstruct(value)) return false;
  try {
    return Token.isUnresolved(value);
  } catch {
    return false;
  }
}

/** An object that resolves at deploy time (IResolvable), not a plain value. */
function isResolvable(value: unknown): boolean {
  return isToken(value) && typeof value === 'object';
}

/** The largest whole number the Kubernetes and AWS API fields the library renders take (int32). */
export const INT32_MAX = 2_147_483_647;
/** Why numbers are bounded when a rule gives no bound of its own. */
export const INT32_REASON = 'Kubernetes and AWS APIs take 32-bit integers';

/** Strings echoed in messages are cut here: a 100k-character value must not make a 100k-character message. */
const SHOWN_CHARACTERS = 80;

/** A long text cut to its start and its length: `xxxx… (100000 characters)`. */
export function shortenText(text: string, keep = SHOWN_CHARACTERS): string {
  return text.length > keep + 40 ? `${text.slice(0, keep)}… (${text.length} characters)` : text;
}

/** "a" or "an" before a word, by its first letter. */
export function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}

/** What kind of resource a construct is, read from what it has rather than its (possibly minified) class name. */
const CONSTRUCT_KINDS: ReadonlyArray<readonly [string, string]> = [
  ['clusterName', 'EKS cluster'],
  ['nodeClassName', 'node class'],
  ['roleArn', 'IAM role'],
  ['topicArn', 'SNS topic'],
  ['keyArn', 'KMS key'],
  ['subnetId', 'subnet'],
  ['securityGroupId', 'security group'],
  ['vpcId', 'VPC'],
];

/** A construct as messages name it: its kind and its construct path, e.g. `the SNS topic Test/Alerts`. */
export function describeConstruct(construct: IConstruct): string {
  const path = construct.node.path || '(root)';
  if (App.isApp(construct)) return 'the app';
  if (Stack.isStack(construct)) return `the stack ${path}`;
  const known = CONSTRUCT_KINDS.find(([key]) => key in construct);
  if (known) return `the ${known[1]} ${path}`;
  const cfn = CfnResource.isCfnResource(construct)
    ? construct
    : CfnResource.isCfnResource(construct.node.defaultChild)
      ? construct.node.defaultChild
      : undefined;
  return cfn ? `the ${cfn.cfnResourceType} ${path}` : `the construct ${path}`;
}

/** A value as the message shows it: strings quoted, tokens named, never a token's encoding number. */
export function describeValue(value: unknown): string {
  if (Construct.isConstruct(value)) return describeConstruct(value);
  if (isToken(value)) return 'a deploy-time token';
  if (typeof value === 'string') return `'${shortenText(value)}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) {
    const shown = value.slice(0, 5).map(describeValue);
    return `[${shown.join(', ')}${value.length > 5 ? `, … (${value.length} entries)` : ''}]`;
  }
  if (typeof value === 'function') return 'a function';
  const name = (value as object).constructor?.name;
  if (name && name !== 'Object') return withArticle(name);
  const keys = Object.keys(value as object).map((k) => shortenText(k, 40));
  return keys.length === 0 ? '{}' : `an object with ${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', …' : ''}`;
}

/** The whole message: `prop (value) rule; fix`. */
export function problemMessage(p: Problem): string {
  return `${p.prop} (${describeValue(p.value)}) ${p.rule}${p.fix ? `; ${p.fix}` : ''}`;
}

/** The first problem of several checks. */
export function firstProblem(...checks: Check[]): Check {
  return checks.find((c) => c !== undefined);
}

function problem(prop: string, value: unknown, rule: string, fix?: string): Problem {
  return { prop, value, rule, fix };
}

/** What a value is, for "is a number, not a string". */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------------------------

/** A string (any content): the type check every string check starts with. */
export function checkStringType(prop: string, value: unknown): Check {
  if (value === undefined || typeof value === 'string' || isResolvable(value)) return undefined;
  return problem(prop, value, `is ${kindOf(value)}, not a string`, 'pass text');
}

/** A boolean, not the string 'true' a YAML or JSON config may carry over. */
export function checkBoolean(prop: string, value: unknown): Check {
  if (value === undefined || typeof value === 'boolean' || isResolvable(value)) return undefined;
  return problem(prop, value, `is ${kindOf(value)}, not true or false`, 'pass true or false without quotes');
}

/**
 * A list, each entry checked, none twice: a repeated subnet, security group, address or name is a mistake, never a
 * setting (`sameEntry` says which entries are the same, e.g. e-mail addresses in any case).
 */
export function checkList(
  prop: string,
  value: unknown,
  options: {
    readonly minItems?: number;
    readonly maxItems?: number;
    readonly sameEntry?: (entry: unknown) => unknown;
    readonly fix?: string;
  } = {},
  item?: (prop: string, value: unknown) => Check,
): Check {
  if (value === undefined || ((Array.isArray(value) || isResolvable(value)) && isToken(value))) return undefined;
  if (!Array.isArray(value)) return problem(prop, value, `is ${kindOf(value)}, not a list`, 'pass a list ([...])');
  const { minItems = 0, maxItems } = options;
  if (value.length < minItems) {
    return problem(
      prop,
      value,
      minItems === 1 ? 'is empty' : `has ${value.length} entries, fewer than ${minItems}`,
      options.fix ?? 'give at least one entry, or leave the prop out for the default',
    );
  }
  if (maxItems !== undefined && value.length > maxItems) {
    return problem(prop, `${value.length} entries`, `has more than the ${maxItems} entries allowed`);
  }
  const seen = new Map<unknown, number>();
  const ids = new Map<object, number>();
  for (let i = 0; i < value.length; i++) {
    const v = value[i];
    if (isToken(v)) continue;
    const key = options.sameEntry ? options.sameEntry(v) : entryKey(v, ids);
    const first = seen.get(key);
    if (first !== undefined) {
      return problem(`${prop}[${i}]`, v, `is listed twice, also as ${prop}[${first}]`, 'give each entry once');
    }
    seen.set(key, i);
  }
  if (item) {
    for (let i = 0; i < value.length; i++) {
      const found = item(`${prop}[${i}]`, value[i]);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * What makes two list entries the same: the content of plain values (strings, numbers, object literals); the object
 * itself for anything else (a construct, a token, a Duration), which `ids` numbers for the list being checked.
 */
function entryKey(entry: unknown, ids: Map<object, number>): unknown {
  if (entry === null || typeof entry !== 'object') return entry;
  return JSON.stringify(entry, (_, v) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype) {
      return v;
    }
    if (!ids.has(v)) ids.set(v, ids.size);
    return `#${ids.get(v)}`;
  });
}

/** A string-to-string map (labels, tags), each entry checked. */
export function checkMap(
  prop: string,
  value: unknown,
  entry: (prop: string, key: string, value: unknown) => Check,
  options: { readonly maxEntries?: number; readonly source?: string } = {},
): Check {
  if (value === undefined || isResolvable(value)) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return problem(prop, value, `is ${kindOf(value)}, not a map of strings`, "pass e.g. { team: 'web' }");
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (options.maxEntries !== undefined && entries.length > options.maxEntries) {
    return problem(
      prop,
      `${entries.length} entries`,
      `has more than the ${options.maxEntries} entries allowed${options.source ? ` (${options.source})` : ''}`,
      'remove some',
    );
  }
  for (const [k, v] of entries) {
    const found = entry(`${prop}['${k}']`, k, v);
    if (found) return found;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------------------------

/** Bounds and wording of a number. */
export interface NumberRule {
  readonly min?: number;
  readonly max?: number;
  /** A whole number (default true). */
  readonly integer?: boolean;
  /** The unit after the number: `GiB`, `seconds`, `%`. */
  readonly unit?: string;
  /** Where the bound comes from, e.g. `EKS quota`. */
  readonly source?: string;
  readonly fix?: string;
}

/**
 * A number within bounds. A string that holds a number gets a message saying it is a string (jsii languages and
 * config files pass them); NaN and ±Infinity are refused; tokens are skipped.
 */
export function checkNumber(prop: string, value: unknown, rule: NumberRule = {}): Check {
  if (value === undefined || (typeof value === 'number' && isToken(value))) return undefined;
  const integer = rule.integer ?? true;
  const unit = rule.unit ? ` ${rule.unit}` : '';
  const range = describeRange(rule.min, rule.max, integer, unit);
  if (typeof value === 'string') {
    const asNumber = value.trim() === '' ? NaN : Number(value);
    return problem(
      prop,
      value,
      `is a string, not a number`,
      Number.isFinite(asNumber) ? `pass ${asNumber} without quotes` : `pass ${range}`,
    );
  }
  if (typeof value !== 'number') return problem(prop, value, `is ${kindOf(value)}, not a number`, `pass ${range}`);
  if (!Number.isFinite(value)) return problem(prop, value, `is not a finite number`, `pass ${range}`);
  const source = rule.source ? ` (${rule.source})` : '';
  if (integer && !Number.isInteger(value)) {
    return problem(
      prop,
      value,
      `must be ${range}${source}`,
      rule.fix ?? `e.g. ${Math.min(rule.max ?? Infinity, Math.max(rule.min ?? -Infinity, Math.round(value)))}`,
    );
  }
  if ((rule.min !== undefined && value < rule.min) || (rule.max !== undefined && value > rule.max)) {
    return problem(prop, value, `must be ${range}${source}`, rule.fix);
  }
  // Without a bound of its own a number still lands in an int32 field (or JSON read as one): bound it there.
  if (Math.abs(value) > INT32_MAX) {
    return problem(
      prop,
      value,
      `is beyond ±${INT32_MAX} (${INT32_REASON})`,
      rule.fix ?? `pass ${describeRange(rule.min, rule.max ?? INT32_MAX, integer, unit)}`,
    );
  }
  return undefined;
}

function describeRange(min: number | undefined, max: number | undefined, integer: boolean, unit: string): string {
  const what = integer ? 'a whole number' : 'a number';
  if (min !== undefined && max !== undefined) return `${what} from ${min} to ${max}${unit}`;
  if (min !== undefined) return `${what} ≥ ${min}${unit}`;
  if (max !== undefined) return `${what} ≤ ${max}${unit}`;
  return `${what}${unit}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Enums
// ---------------------------------------------------------------------------------------------------------------

/**
 * One of an enum's values. Other CDK languages pass enum members as their string values, so a value in the wrong case
 * or a number names the value meant.
 */
export function checkEnum(
  prop: string,
  value: unknown,
  allowed: Record<string, string | number>,
  enumName?: string,
): Check {
  if (value === undefined || (typeof value === 'string' && isToken(value))) return undefined;
  const values = Object.values(allowed);
  if (values.includes(value as string)) return undefined;
  const list = values.join(', ');
  const member = (name: string, v: string | number) => (enumName ? `${enumName}.${name}` : `'${v}'`);
  if (typeof value === 'string' || typeof value === 'number') {
    const text = String(value).toLowerCase();
    const meant = Object.entries(allowed).find(
      ([name, v]) =>
        String(v).toLowerCase() === text ||
        name.toLowerCase() === text ||
        name.replace(/_/g, '-').toLowerCase() === text,
    );
    const kind = typeof value === 'number' ? 'is a number; it ' : '';
    if (meant) {
      return problem(
        prop,
        value,
        `${kind}must be one of ${list} (enum values are case-sensitive strings)`,
        `did you mean ${member(meant[0], meant[1])} ('${meant[1]}')?`,
      );
    }
    return problem(prop, value, `${kind}must be one of ${list}`, enumName ? `use a member of ${enumName}` : undefined);
  }
  return problem(prop, value, `is ${kindOf(value)}; it must be one of ${list}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Kubernetes
// ---------------------------------------------------------------------------------------------------------------

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

function stringChecked(prop: string, value: unknown, check: (s: string) => Check): Check {
  if (value === undefined || (typeof value === 'string' && isToken(value))) return undefined;
  return checkStringType(prop, value) ?? check(value as string);
}

/**
 * A DNS-1123 label: namespaces and Service names; 1-63 lower-case letters, digits and '-'.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names
 */
export function checkDnsLabel(prop: string, value: unknown, example = 'kube-system'): Check {
  return stringChecked(prop, value, (s) =>
    s.length <= 63 && DNS_LABEL.test(s)
      ? undefined
      : problem(
          prop,
          s,
          "is not a DNS label: use 1-63 lower-case letters, digits and '-', starting and ending with a letter or digit",
          `e.g. '${example}'`,
        ),
  );
}

/** A namespace: a DNS-1123 label. */
export function checkNamespace(prop: string, value: unknown): Check {
  return checkDnsLabel(prop, value, 'kube-system');
}

/**
 * A DNS-1123 subdomain: most Kubernetes object names; at most 253 characters of lower-case letters, digits, '-' and
 * '.', each dot-separated part starting and ending with a letter or digit.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-subdomain-names
 */
export function checkKubernetesName(prop: string, value: unknown, example = 'node-agent'): Check {
  return stringChecked(prop, value, (s) =>
    s.length <= 253 && s.split('.').every((part) => DNS_LABEL.test(part))
      ? undefined
      : problem(
          prop,
          s,
          "is not a Kubernetes object name: use lower-case letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters",
          `e.g. '${example}'`,
        ),
  );
}

/** A Kubernetes qualified name (`[prefix/]name`): label and annotation keys. */
function qualifiedNameProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined) {
    if (prefix.length === 0 || prefix.length > 253 || !prefix.split('.').every((p) => DNS_LABEL.test(p))) {
      return 'its prefix (before /) must be a lower-case DNS subdomain such as example.com';
    }
  }
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME_PART.test(name)) {
    return "its name must be 1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
  }
  return undefined;
}

/**
 * A label key: `[prefix/]name`.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
 */
export function checkLabelKey(prop: string, value: unknown): Check {
  return stringChecked(prop, value, (s) => {
    const why = qualifiedNameProblem(s);
    return why ? problem(prop, s, `is not a Kubernetes label key: ${why}`, "e.g. 'example.com/team'") : undefined;
  });
}

/** A label value: empty, or up to 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit. */
export function checkLabelValue(prop: string, value: unknown): Check {
  return stringChecked(prop, value, (s) =>
    s === '' || (s.length <= 63 && QUALIFIED_NAME_PART.test(s))
      ? undefined
      : problem(
          prop,
          s,
          "is not a Kubernetes label value: use up to 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit",
          "e.g. 'web'",
        ),
  );
}

/** Kubernetes labels: every key and value. */
export function checkLabels(prop: string, value: unknown, maxEntries?: number, source?: string): Check {
  return checkMap(
    prop,
    value,
    (entryProp, key, v) => checkLabelKey(`${prop} key`, key) ?? checkLabelValue(entryProp, v),
    { maxEntries, source },
  );
}

/** Labels the kubelet may set on its own node in the kubernetes.io and k8s.io namespaces. */
const KUBELET_LABELS = [
  'kubernetes.io/hostname',
  'kubernetes.io/arch',
  'kubernetes.io/os',
  'beta.kubernetes.io/arch',
  'beta.kubernetes.io/os',
  'beta.kubernetes.io/instance-type',
  'node.kubernetes.io/instance-type',
  'topology.kubernetes.io/region',
  'topology.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/zone',
];

/**
 * Node labels a kubelet can register with (`--node-labels`): Kubernetes labels, and in the kubernetes.io and k8s.io
 * namespaces only those the kubelet may set itself (kubelet.kubernetes.io/…, node.kubernetes.io/… and the well-known
 * topology labels); with any other such label the kubelet does not start.
 * @see https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#noderestriction
 */
export function checkNodeLabels(prop: string, value: unknown): Check {
  return (
    checkLabels(prop, value) ??
    checkMap(prop, value, (_, key) => {
      const namespace = key.includes('/') ? key.slice(0, key.indexOf('/')) : '';
      const reserved = /(^|\.)(kubernetes\.io|k8s\.io)$/.test(namespace);
      const allowed = KUBELET_LABELS.includes(key) || /(^|\.)(kubelet|node)\.kubernetes\.io$/.test(namespace);
      return reserved && !allowed
        ? problem(
            `${prop} key`,
            key,
            `is in the ${namespace} namespace, where a kubelet may only set node.kubernetes.io/…, kubelet.kubernetes.io/… and the well-known topology labels, so the node would not start`,
            "use your own prefix, e.g. 'example.com/role'",
          )
        : undefined;
    })
  );
}

/** Annotation keys are qualified names; all annotations of an object together hold at most 256 KiB. */
export function checkAnnotations(prop: string, value: unknown): Check {
  const found = checkMap(prop, value, (entryProp, key, v) => {
    const why = qualifiedNameProblem(key);
    if (why) {
      return problem(`${prop} key`, key, `is not a Kubernetes annotation key: ${why}`, "e.g. 'example.com/owner'");
    }
    return checkStringType(entryProp, v);
  });
  if (found || value === undefined || isResolvable(value)) return found;
  const size = Object.entries(value as Record<string, string>).reduce(
    (sum, [k, v]) => sum + Buffer.byteLength(k) + Buffer.byteLength(String(v)),
    0,
  );
  return size > 256 * 1024
    ? problem(prop, `${size} bytes`, 'exceeds the 256 KiB Kubernetes allows for all annotations of an object')
    : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// AWS names, tags and ARNs
// ---------------------------------------------------------------------------------------------------------------

/**
 * An EKS managed node group name: 1-63 letters, digits, '-' and '_', starting with a letter or digit.
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateNodegroup.html
 */
export function checkNodegroupName(prop: string, value: unknown): Check {
  return stringChecked(prop, value, (s) =>
    /^[0-9A-Za-z][A-Za-z0-9\-_]{0,62}$/.test(s)
      ? undefined
      : problem(
          prop,
          s,
          "is not a node group name: use 1-63 letters, digits, '-' and '_', starting with a letter or digit",
          "e.g. 'web-nodes'",
        ),
  );
}

/**
 * An EKS add-on version: `vX.Y.Z-eksbuild.N`.
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAddon.html
 */
export function checkAddonVersion(prop: string, value: unknown, example = 'v1.20.4-eksbuild.2'): Check {
  return stringChecked(prop, value, (s) =>
    /^v\d+\.\d+\.\d+-eksbuild\.\d+$/.test(s)
      ? undefined
      : problem(
          prop,
          s,
          'is not an EKS add-on version: expected vX.Y.Z-eksbuild.N',
          `e.g. ${example} (aws eks describe-addon-versions lists them)`,
        ),
  );
}

/** EC2's rules for tags: at most 50 per resource; keys 1-128 characters, not `aws:`; values up to 256. */
export const EC2_TAG_LIMITS = { maxTags: 50, maxKeyLength: 128, maxValueLength: 256 } as const;
const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/**
 * An EC2 tag key.
 * @see https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Tags.html#tag-restrictions
 */
export function checkTagKey(prop: string, value: unknown): Check {
  return stringChecked(prop, value, (s) => {
    if (s.length < 1 || s.length > EC2_TAG_LIMITS.maxKeyLength) {
      return problem(prop, s, `must be 1-${EC2_TAG_LIMITS.maxKeyLength} characters (EC2 tag key)`);
    }
    if (s.toLowerCase().startsWith('aws:')) {
      return problem(prop, s, "starts with 'aws:', which AWS reserves", 'use your own prefix');
    }
    if (!TAG_CHARS.test(s)) {
      return problem(
        prop,
        s,
        'holds characters EC2 tags refuse: use letters, digits, spaces and _ . : / = + - @',
        "e.g. 'team'",
      );
    }
    return undefined;
  });
}

/** An EC2 tag value. */
export function checkTagValue(prop: string, value: unknown): Check {
  return stringChecked(prop, value, (s) => {
    if (s.length > EC2_TAG_LIMITS.maxValueLength) {
      return problem(
        prop,
        `${s.slice(0, 20)}… (${s.length} characters)`,
        `must be at most ${EC2_TAG_LIMITS.maxValueLength} characters (EC2 tag value)`,
      );
    }
    if (!TAG_CHARS.test(s)) {
      return problem(prop, s, 'holds characters EC2 tags refuse: use letters, digits, spaces and _ . : / = + - @');
    }
    return undefined;
  });
}

/** EC2 tags: every key and value, and their number. */
export function checkTags(prop: string, value: unknown): Check {
  return checkMap(prop, value, (entryProp, key, v) => checkTagKey(`${prop} key`, key) ?? checkTagValue(entryProp, v), {
    maxEntries: EC2_TAG_LIMITS.maxTags,
    source: 'EC2 allows 50 tags per resource',
  });
}

/** What an ARN must be. */
export interface ArnRule {
  /** The service, e.g. `sns`. */
  readonly service: string;
  /** The resource type before `/` or `:`, e.g. `workspace`; none for SNS topics. */
  readonly resourceType?: string;
  /** The Region it must be in, when the stack's Region is concrete. */
  readonly region?: string;
  /** The partition it must be in, when concrete. */
  readonly partition?: string;
  /** The account it must be in, when concrete. */
  readonly account?: string;
  /** An ARN of the right shape, for the message. */
  readonly example: string;
}

const PARTITIONS = /^aws(-cn|-us-gov|-iso|-iso-[a-z]|-eusc)?$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/**
 * An ARN of one service (and resource type), in the stack's partition, Region and account when those are concrete.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
export function checkArn(prop: string, value: unknown, rule: ArnRule): Check {
  return stringChecked(prop, value, (s) => {
    const parts = s.split(':');
    const fix = `e.g. ${rule.example}`;
    if (parts.length < 6 || parts[0] !== 'arn') {
      return problem(prop, s, `is not an ARN (arn:partition:${rule.service}:region:account:resource)`, fix);
    }
    const [, partition, service, region, account] = parts;
    const resource = parts.slice(5).join(':');
    if (!PARTITIONS.test(partition)) return problem(prop, s, `has an unknown partition '${partition}'`, fix);
    if (service !== rule.service) {
      return problem(prop, s, `is an ARN of ${service || 'no service'}, not of ${rule.service}`, fix);
    }
    if (!REGION.test(region)) return problem(prop, s, `has no valid Region ('${region}')`, fix);
    if (!/^\d{12}$/.test(account)) return problem(prop, s, `has no valid 12-digit account ('${account}')`, fix);
    if (resource === '') return problem(prop, s, 'names no resource', fix);
    if (rule.resourceType !== undefined && !resource.startsWith(`${rule.resourceType}/`)) {
      return problem(
        prop,
        s,
        `is not ${withArticle(rule.service)} ${rule.resourceType} ARN (resource '${resource}')`,
        fix,
      );
    }
    if (rule.partition !== undefined && !isToken(rule.partition) && partition !== rule.partition) {
      return problem(prop, s, `is in partition ${partition} but the stack deploys to ${rule.partition}`);
    }
    if (rule.region !== undefined && !isToken(rule.region) && region !== rule.region) {
      return problem(prop, s, `is in ${region} but the stack deploys to ${rule.region}`, `use one in ${rule.region}`);
    }
    if (rule.account !== undefined && !isToken(rule.account) && account !== rule.account) {
      return problem(
        prop,
        s,
        `is in account ${account} but the stack deploys to ${rule.account}`,
        `use one in ${rule.account}`,
      );
    }
    return undefined;
  });
}

/** A Region code such as eu-west-1. */
export function isRegion(value: string): boolean {
  return REGION.test(value);
}

// ---------------------------------------------------------------------------------------------------------------
// Images, e-mail, URLs, host names
// ---------------------------------------------------------------------------------------------------------------

const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const IMAGE = new RegExp(
  `^(?:(${DOMAIN})/)?(${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::([\\w][\\w.-]{0,127}))?(?:@([a-z0-9]+(?:[.+_-][a-z0-9]+)*):([a-fA-F0-9]{32,}))?$`,
);

/**
 * A container image reference as the OCI distribution grammar (docker/distribution `reference`) has it:
 * `[registry[:port]/]path[:tag][@algorithm:digest]`, the path in lower case; a sha256 digest is 64 hex digits.
 */
export function checkImage(
  prop: string,
  value: unknown,
  example = 'public.ecr.aws/docker/library/busybox:1.37.0',
): Check {
  return stringChecked(prop, value, (s) => {
    const fix = `give e.g. ${example}`;
    if (/^[a-z]+:\/\//i.test(s)) return problem(prop, s, 'is a URL, not an image reference: drop the scheme', fix);
    const match = IMAGE.exec(s);
    if (!match || s.length > 4096) {
      const why = /[A-Z]/.test(s.split('@')[0].split('/').pop()!.split(':')[0])
        ? 'has upper-case letters in the repository path, which registries refuse'
        : s.endsWith(':') || s.endsWith('@')
          ? 'ends without its tag or digest'
          : 'is not an image reference ([registry[:port]/]repository[:tag][@sha256:digest])';
      return problem(prop, s, why, fix);
    }
    const [, , path, , algorithm, hex] = match;
    if (path.length > 255) return problem(prop, s, 'has a repository path over 255 characters', fix);
    if (algorithm === 'sha256' && hex.length !== 64) {
      return problem(prop, s, `has a sha256 digest of ${hex.length} hex digits, not 64`, fix);
    }
    return undefined;
  });
}

/** An e-mail address: one '@', a domain with a dot, no spaces. */
export function checkEmail(prop: string, value: unknown): Check {
  return stringChecked(prop, value, (s) =>
    /^[^@\s"<>(),;:]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/.test(
      s,
    ) && s.length <= 254
      ? undefined
      : problem(prop, s, 'is not an e-mail address', 'e.g. oncall@example.com'),
  );
}

/**
 * A host name (DNS name of letters, digits and '-'), case-insensitive. Its last label is not all digits: resolvers
 * read such a name as an IPv4 address (999.1.1.1 is a bad address, not a name).
 */
export function isHostName(value: string): boolean {
  return (
    value.length <= 253 &&
    /^[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?)*$/.test(value) &&
    !/(^|\.)\d+$/.test(value)
  );
}

/** A host name or an IP address of either family, as a program such as nc takes it. */
export function checkHost(prop: string, value: unknown, example: string): Check {
  return stringChecked(prop, value, (s) =>
    isHostName(s) || parseIp(s) ? undefined : problem(prop, s, 'is not a host name or IP address', `e.g. ${example}`),
  );
}

/** A URL of the given schemes with a host (a name or an address), an optional port and path, no spaces. */
export function checkUrl(
  prop: string,
  value: unknown,
  schemes: readonly string[] = ['https'],
  example = 'https://hooks.example.com/alerts',
): Check {
  return stringChecked(prop, value, (s) => {
    const fix = `e.g. ${example}`;
    const match = /^([a-z]+):\/\/(\[[0-9a-fA-F:]+\]|[^/:?#\s]*)(?::(\d+))?([/?#]\S*)?$/.exec(s);
    if (!match || !schemes.includes(match[1])) {
      return problem(prop, s, `is not a ${schemes.map((x) => `${x}://`).join(' or ')} URL`, fix);
    }
    const [, , host, port] = match;
    const bracketed = host.startsWith('[') ? host.slice(1, -1) : undefined;
    if (
      host === '' ||
      !(bracketed !== undefined ? parseIp(bracketed)?.family === 6 : isHostName(host) || parseIp(host))
    ) {
      return problem(prop, s, 'has no valid host', fix);
    }
    if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
      return problem(prop, s, `has port ${port}, outside 1-65535`, fix);
    }
    return undefined;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Addresses and CIDRs, either family
// ---------------------------------------------------------------------------------------------------------------

/** An IP address; `family` restricts it to one. */
export function checkIpAddress(prop: string, value: unknown, family?: 4 | 6): Check {
  return stringChecked(prop, value, (s) => {
    const ip = parseIp(s);
    const want = family === 4 ? 'an IPv4 address' : family === 6 ? 'an IPv6 address' : 'an IP address';
    if (!ip || (family !== undefined && ip.family !== family)) {
      return problem(prop, s, `is not ${want}`, family === 6 ? 'e.g. fd00:10:96::a' : 'e.g. 10.100.0.10');
    }
    return undefined;
  });
}

/**
 * A unicast address a host can be reached at: not loopback, unspecified, multicast or broadcast, and not link-local
 * unless `linkLocal` allows it (a node-local DNS cache listens there; no Service does).
 */
export function checkUnicastAddress(prop: string, value: unknown, fix: string, linkLocal = false): Check {
  return (
    checkIpAddress(prop, value) ??
    stringChecked(prop, value, (s) => {
      const ip = parseIp(s)!;
      const kind = linkLocal && isLinkLocal(ip) ? undefined : specialAddressKind(ip);
      return kind ? problem(prop, s, `is ${kind}, which no DNS server or Service has`, fix) : undefined;
    })
  );
}

/** A CIDR at its network address (no host bits); `family` restricts it to one. */
export function checkCidr(prop: string, value: unknown, family?: 4 | 6): Check {
  return stringChecked(prop, value, (s) => {
    const cidr = parseCidr(s);
    const want = family === 4 ? 'an IPv4 CIDR' : family === 6 ? 'an IPv6 CIDR' : 'a CIDR';
    if (!cidr || (family !== undefined && cidr.family !== family)) {
      return problem(prop, s, `is not ${want}`, family === 6 ? 'e.g. 2600:1f14::/56' : 'e.g. 10.0.1.0/24');
    }
    if (cidr.address !== cidr.network) {
      return problem(
        prop,
        s,
        'has host bits set; a CIDR starts at its network address',
        `use ${formatIp(cidr.family, cidr.network)}/${cidr.prefixLength}`,
      );
    }
    return undefined;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Durations
// ---------------------------------------------------------------------------------------------------------------

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };

/** Seconds of a duration string such as `720h`, `1h30m` or `90s` (Go/Kubernetes style); undefined if not one. */
export function parseDurationString(text: string): number | undefined {
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(text)) return undefined;
  let seconds = 0;
  for (const [, n, , unit] of text.matchAll(/(\d+(\.\d+)?)(ms|s|m|h|d)/g)) seconds += Number(n) * UNIT_SECONDS[unit];
  return seconds;
}

/** Duration bounds. */
export interface DurationRule {
  readonly minSeconds?: number;
  readonly maxSeconds?: number;
  /** Whole units required, e.g. 60 for whole minutes, 0.001 for whole milliseconds. */
  readonly multipleOfSeconds?: number;
  readonly source?: string;
}

function formatSeconds(seconds: number): string {
  if (seconds % 86400 === 0 && seconds >= 86400) return `${seconds / 86400} d`;
  if (seconds % 3600 === 0 && seconds >= 3600) return `${seconds / 3600} h`;
  if (seconds % 60 === 0 && seconds >= 60) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/**
 * A duration: an aws-cdk-lib `Duration`, or a duration string with units (`90s`, `1h30m`), within bounds. A bare
 * number has no unit, so it is refused with the unit to add.
 */
export function checkDuration(prop: string, value: unknown, rule: DurationRule = {}, allowStrings = false): Check {
  if (value === undefined || isResolvable(value) || (typeof value === 'string' && isToken(value) && allowStrings)) {
    return undefined;
  }
  let millis: number;
  let shown: unknown = value;
  if (typeof value === 'number') {
    return problem(
      prop,
      value,
      'is a number without a unit',
      `pass Duration.seconds(${value}) or a string such as '${value}s'`,
    );
  }
  if (typeof value === 'string') {
    if (!allowStrings) return problem(prop, value, 'is a string, not a Duration', 'pass e.g. Duration.minutes(5)');
    const parsed = parseDurationString(value);
    if (parsed === undefined) {
      return problem(prop, value, 'is not a duration with units (ms, s, m, h, d)', "e.g. '90s' or '1h30m'");
    }
    millis = parsed * 1000;
  } else if (value !== null && typeof value === 'object' && typeof (value as any).toSeconds === 'function') {
    const d = value as { toSeconds(o?: object): number; toHumanString(): string; toMilliseconds(o?: object): number };
    if (isToken(d.toSeconds({ integral: false }))) return undefined;
    millis = d.toMilliseconds({ integral: false });
    shown = d.toHumanString();
  } else {
    return problem(prop, value, `is ${kindOf(value)}, not a Duration`, 'pass e.g. Duration.minutes(5)');
  }
  const seconds = millis / 1000;
  const source = rule.source ? ` (${rule.source})` : '';
  if (!Number.isFinite(seconds) || seconds < (rule.minSeconds ?? 0)) {
    return problem(prop, shown, `is shorter than ${formatSeconds(rule.minSeconds ?? 0)}${source}`);
  }
  if (rule.maxSeconds !== undefined && seconds > rule.maxSeconds) {
    return problem(prop, shown, `is longer than ${formatSeconds(rule.maxSeconds)}${source}`);
  }
  if (rule.multipleOfSeconds !== undefined && millis % (rule.multipleOfSeconds * 1000) !== 0) {
    return notWhole(
      prop,
      shown,
      millis / (rule.multipleOfSeconds * 1000),
      rule.multipleOfSeconds,
      typeof value !== 'string',
    );
  }
  return undefined;
}

/** The units the library converts Durations to, in which a Duration must be whole (aws-cdk-lib throws otherwise). */
const WHOLE_UNITS: Record<string, { readonly name: string; readonly factory: string }> = {
  '0.001': { name: 'milliseconds', factory: 'millis' },
  '1': { name: 'seconds', factory: 'seconds' },
  '60': { name: 'minutes', factory: 'minutes' },
};

/** A duration that is not a whole number of its unit: the nearest whole ones, as a Duration when one was given. */
function notWhole(prop: string, shown: unknown, amount: number, unitSeconds: number, isDuration: boolean): Problem {
  const unit = WHOLE_UNITS[String(unitSeconds)];
  if (!unit) return problem(prop, shown, `must be a multiple of ${formatSeconds(unitSeconds)}`);
  const near = [...new Set([Math.floor(amount), Math.ceil(amount)])].filter((n) => n > 0);
  const fix =
    isDuration && near.length > 0
      ? `e.g. ${near.map((n) => `Duration.${unit.factory}(${n})`).join(' or ')}`
      : undefined;
  return problem(prop, shown, `must be whole ${unit.name}, the unit the library renders it in`, fix);
}

// ---------------------------------------------------------------------------------------------------------------
// Objects
// ---------------------------------------------------------------------------------------------------------------

/**
 * A required object of a kind, told apart by a predicate: a missing one, or one of another kind (a
 * KarpenterNodeClass where an AutoModeNodeClass belongs), is answered by name instead of a TypeError later.
 */
export function checkObject(
  prop: string,
  value: unknown,
  kind: string,
  is: (v: any) => boolean,
  fix: string,
  required = true,
): Check {
  if (value === undefined) {
    return required ? problem(prop, value, `is missing: ${prop} must be ${kind}`, fix) : undefined;
  }
  if (value === null) {
    // Other jsii languages pass null (None) explicitly: an optional prop is left out, not set to null.
    return required
      ? problem(prop, value, `is missing: ${prop} must be ${kind}`, fix)
      : problem(prop, value, `is null, not ${kind}`, `${fix}, or leave ${prop} out for the default`);
  }
  // A token is never a construct: it only resolves to text or a number.
  return is(value) ? undefined : problem(prop, value, `is not ${kind}`, fix);
}

/** The scope of a static function (enable, acknowledge): a construct, not a name or null. */
export function checkScope(prop: string, value: unknown): Check {
  return checkObject(
    prop,
    value,
    'a construct (an App, Stage, Stack or a construct in one)',
    (v) => Construct.isConstruct(v),
    'pass the construct itself, e.g. the Stack object',
  );
}
// ---------------------------------------------------------------------------------------------------------------
// AWS resource IDs and references, dates, lists
// ---------------------------------------------------------------------------------------------------------------

/** What EC2 resource ID prefixes name, for "is a vpc ID, not a subnet ID". */
const EC2_ID_KINDS: Record<string, string> = {
  subnet: 'subnet',
  sg: 'security group',
  vpc: 'VPC',
  cr: 'capacity reservation',
  pg: 'placement group',
  i: 'instance',
  ami: 'AMI',
  eni: 'network interface',
  igw: 'internet gateway',
  rtb: 'route table',
  vol: 'volume',
};

/**
 * An EC2 resource ID of one of the given prefixes: the prefix, '-' and 8 or 17 lower-case hex digits.
 * @see https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/resource-ids.html
 */
export function checkEc2ResourceId(prop: string, value: unknown, prefixes: readonly string[]): Check {
  return stringChecked(prop, value, (s) => {
    const match = /^([a-z]+)-([0-9a-f]{8}|[0-9a-f]{17})$/.exec(s);
    if (match && prefixes.includes(match[1])) return undefined;
    const want = prefixes.map((p) => `a ${EC2_ID_KINDS[p] ?? p} ID`).join(' or ');
    const shape = prefixes.map((p) => `${p}-`).join(' or ');
    const fix = `e.g. ${prefixes[0]}-0123456789abcdef0`;
    if (match && EC2_ID_KINDS[match[1]] !== undefined) {
      return problem(
        prop,
        s,
        `is ${/^[aeiou]/i.test(EC2_ID_KINDS[match[1]]) ? 'an' : 'a'} ${EC2_ID_KINDS[match[1]]} ID, not ${want}`,
        fix,
      );
    }
    return problem(prop, s, `is not ${want}: expected ${shape} and 8 or 17 lower-case hex digits`, fix);
  });
}

const KMS_KEY_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
const KMS_ALIAS_NAME = /^alias\/[a-zA-Z0-9/_-]{1,250}$/;

/**
 * A KMS key as EBS and EKS Auto Mode take it: a key ID (a UUID, or mrk-… for a multi-Region key), a key ARN, an
 * alias name (alias/…) or an alias ARN.
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id
 */
export function checkKmsKeyReference(prop: string, value: unknown): Check {
  return stringChecked(prop, value, (s) => {
    const fix =
      "give a key ID, key ARN, alias name or alias ARN, e.g. 'alias/ebs-nodes' or 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'";
    if (KMS_KEY_ID.test(s) || KMS_ALIAS_NAME.test(s)) return undefined;
    const parts = s.split(':');
    if (parts.length === 6 && parts[0] === 'arn') {
      const [, partition, service, region, account, resource] = parts;
      const resourceOk =
        (resource.startsWith('key/') && KMS_KEY_ID.test(resource.slice(4))) || KMS_ALIAS_NAME.test(resource);
      if (PARTITIONS.test(partition) && service === 'kms' && REGION.test(region) && /^\d{12}$/.test(account)) {
        return resourceOk
          ? undefined
          : problem(prop, s, 'is a KMS ARN of neither a key (key/<key ID>) nor an alias (alias/<name>)', fix);
      }
      return problem(prop, s, 'is not a KMS key or alias ARN (arn:partition:kms:region:account:key/… or alias/…)', fix);
    }
    return problem(prop, s, 'is not a KMS key reference', fix);
  });
}

/**
 * An Availability Zone name: a Region and a letter (us-east-1a), or a Local Zone (us-west-2-lax-1a) or Wavelength
 * Zone (us-east-1-wl1-bos-wlz-1) name. A zone ID (use1-az1) names the same zone differently per account, so it is
 * told apart.
 * @see https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-regions-availability-zones.html
 */
export function checkAvailabilityZoneName(prop: string, value: unknown): Check {
  return stringChecked(prop, value, (s) => {
    const fix = "e.g. 'us-east-1a'";
    const region = availabilityZoneRegion(s);
    if (region !== undefined) return undefined;
    if (/^[a-z]{2,4}\d+-(az|lz|wlz)\d+$/.test(s) || /^[a-z]{2,4}\d+-[a-z]+\d*-(az|lz|wlz)\d+$/.test(s)) {
      return problem(
        prop,
        s,
        'is a zone ID; this prop takes zone names (topology.kubernetes.io/zone)',
        `${fix}; aws ec2 describe-availability-zones maps IDs to names`,
      );
    }
    return problem(prop, s, 'is not an Availability Zone name (a Region and a letter)', fix);
  });
}

/** The Region of an Availability Zone, Local Zone or Wavelength Zone name; undefined when it is none. */
export function availabilityZoneRegion(zone: string): string | undefined {
  const match =
    /^([a-z]{2}(?:-[a-z]+)+-\d)[a-z]$/.exec(zone) ??
    /^([a-z]{2}(?:-[a-z]+)+-\d)-[a-z]+-\d+[a-z]$/.exec(zone) ??
    /^([a-z]{2}(?:-[a-z]+)+-\d)-wl\d-[a-z]+-wlz-\d+$/.exec(zone);
  return match && REGION.test(match[1]) ? match[1] : undefined;
}

/** A calendar date written YYYYMMDD that exists (no month 13, no February 30). */
export function isCalendarDate(yyyymmdd: string): boolean {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(yyyymmdd);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 2000 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/** Text with content: an empty or blank string, which would do nothing, is refused. */
export function checkNotBlank(prop: string, value: unknown, fix: string): Check {
  return stringChecked(prop, value, (s) => (s.trim() === '' ? problem(prop, s, 'is empty', fix) : undefined));
}

/**
 * A list whose entries are distinct by a key (taints by key and effect): the second entry with a key already seen is
 * named with the first. Entries whose key is undefined (tokens, wrong shapes) are left to other checks.
 */
export function checkDistinctBy(
  prop: string,
  value: unknown,
  keyOf: (entry: unknown) => string | undefined,
  what: string,
  fix: string,
): Check {
  if (!Array.isArray(value) || isToken(value)) return undefined;
  const seen = new Map<string, number>();
  for (let i = 0; i < value.length; i++) {
    const key = isToken(value[i]) ? undefined : keyOf(value[i]);
    if (key === undefined) continue;
    const first = seen.get(key);
    if (first !== undefined) return problem(`${prop}[${i}]`, key, `repeats the ${what} of ${prop}[${first}]`, fix);
    seen.set(key, i);
  }
  return undefined;
}
