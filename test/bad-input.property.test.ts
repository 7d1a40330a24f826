import { CfnResource, Errors, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IConstruct } from 'constructs';
import * as fc from 'fast-check';
import {
  AddonResolveConflicts,
  AutoModeNetworkPolicy,
  AutoModeNodeClass,
  AutoModeNodePool,
  AutoModeSnatPolicy,
  ClusterAuthenticationMode,
  ClusterJob,
  ClusterNetworkingContext,
  CoreDns,
  DaemonSetReadinessGate,
  EnaMetricNaming,
  Ipv4PrefixSize,
  KarpenterCapacityType,
  KarpenterNodeClass,
  KubeProxy,
  KubeProxyMode,
  MaxPods,
  NetkitGuardrails,
  NetworkBaseline,
  NetworkObservability,
  NodeImage,
  NodeLocalDnsCache,
  PodNetworking,
  PodSecurityGroupEnforcingMode,
  TunedNodegroup,
  VpcCni,
} from '../lib';
import { importedTestCluster, testCluster } from './fixtures/cluster';
import { testApp } from './util';
import { PropRule, propRules, structProps } from '../lib/private/prop-rules';

/**
 * Every public prop of every construct (and of the entry points that take option structs), driven with generated
 * adversarial values: wrong types, empty, huge, Unicode, tokens, values of neighbouring enums, objects of the wrong
 * kind. Each value must be either accepted, with nothing broken reaching the template, or refused with a
 * validation error that names the prop; never a TypeError or RangeError.
 */

/** The fixed seed: a failure names its counterexample, and the same run reproduces it. */
const SEED = 20_261_204;
/** Runs per prop: about 2,000 cases over the surface, in well under a minute. */
const RUNS_PER_PROP = 8;

interface Entry {
  /** How the entry point is named in messages. */
  readonly name: string;
  /** The struct whose props are driven. */
  readonly struct: string;
  /** The construct path its errors carry, for constructs. */
  readonly path?: string;
  /** Create the construct (or call the entry) with `props` merged over a valid baseline; returns what it created. */
  create(props: Record<string, unknown>): IConstruct | undefined;
}

/**
 * An imported cluster with what each construct needs declared (pod networking, Auto Mode, a kubectl provider): cheap
 * enough for thousands of cases. Each case gets its own app, so the seed alone decides every outcome.
 */
function cluster(declare: { autoMode?: boolean } = {}) {
  const { stack, cluster: imported } = importedTestCluster({
    stackProps: { env: { account: '123456789012', region: 'us-east-1' } },
  });
  ClusterNetworkingContext.of(imported).declare({
    podNetworking: declare.autoMode ? undefined : PodNetworking.secondaryIps(),
    autoMode: declare.autoMode ?? false,
  });
  return { stack, cluster: imported };
}

const JOB = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'job', namespace: 'default' },
  spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.37.0' }] } } },
};

const ENTRIES: Entry[] = [
  {
    name: 'TunedNodegroup',
    path: 'Test/Subject',
    struct: 'TunedNodegroupProps',
    create: (props) => {
      const { stack, cluster: c } = cluster();
      return new TunedNodegroup(stack, 'Subject', merge({ cluster: c, instanceTypes: ['m5.large'] }, props));
    },
  },
  {
    name: 'KarpenterNodeClass',
    path: 'Test/Subject',
    struct: 'KarpenterNodeClassProps',
    create: (props) => {
      const { stack, cluster: c } = cluster();
      const nodeRole = iam.Role.fromRoleArn(stack, 'NodeRole', 'arn:aws:iam::123456789012:role/nodes');
      return new KarpenterNodeClass(stack, 'Subject', merge({ cluster: c, nodeRole }, props));
    },
  },
  {
    name: 'AutoModeNodeClass',
    path: 'Test/Subject',
    struct: 'AutoModeNodeClassProps',
    create: (props) => {
      const { stack, cluster: c } = cluster({ autoMode: true });
      return new AutoModeNodeClass(stack, 'Subject', merge({ cluster: c }, props));
    },
  },
  {
    name: 'AutoModeNodePool',
    path: 'Test/Subject',
    struct: 'AutoModeNodePoolProps',
    create: (props) => {
      const { stack, cluster: c } = cluster({ autoMode: true });
      const nodeClass = new AutoModeNodeClass(stack, 'Class', { cluster: c });
      return new AutoModeNodePool(stack, 'Subject', merge({ nodeClass }, props));
    },
  },
  {
    name: 'VpcCni',
    path: 'Test/Subject',
    struct: 'VpcCniProps',
    create: (props) => {
      const { stack, cluster: c } = importedTestCluster();
      return new VpcCni(stack, 'Subject', merge({ cluster: c }, props));
    },
  },
  {
    name: 'CoreDns',
    path: 'Test/Subject',
    struct: 'CoreDnsProps',
    create: (props) => {
      const { stack, cluster: c } = cluster();
      return new CoreDns(stack, 'Subject', merge({ cluster: c }, props));
    },
  },
  {
    name: 'KubeProxy',
    path: 'Test/Subject',
    struct: 'KubeProxyProps',
    create: (props) => {
      const { stack, cluster: c } = cluster();
      return new KubeProxy(stack, 'Subject', merge({ cluster: c }, props));
    },
  },
  {
    name: 'NodeLocalDnsCache',
    path: 'Test/Subject',
    struct: 'NodeLocalDnsCacheProps',
    create: (props) => {
      const { stack, cluster: c } = cluster();
      return new NodeLocalDnsCache(stack, 'Subject', merge({ cluster: c, kubeDnsIp: '10.100.0.10' }, props));
    },
  },
  {
    name: 'DaemonSetReadinessGate',
    path: 'Test/Subject',
    struct: 'DaemonSetReadinessGateProps',
    create: (props) => {
      const { stack, cluster: c } = cluster();
      return new DaemonSetReadinessGate(
        stack,
        'Subject',
        merge({ cluster: c, daemonSetName: 'node-agent', namespace: 'kube-system' }, props),
      );
    },
  },
  {
    name: 'ClusterJob',
    path: 'Test/Subject',
    struct: 'ClusterJobProps',
    create: (props) => {
      const { stack, cluster: c } = cluster();
      return new ClusterJob(stack, 'Subject', merge({ cluster: c, manifest: JOB }, props, ['manifest']));
    },
  },
  {
    name: 'NetworkObservability',
    path: 'Test/Subject',
    struct: 'NetworkObservabilityProps',
    create: (props) => {
      const { stack, cluster: c } = cluster();
      return new NetworkObservability(
        stack,
        'Subject',
        merge({ cluster: c, clusterAuthenticationMode: ClusterAuthenticationMode.API }, props),
      );
    },
  },
  {
    name: 'NetworkBaseline',
    path: 'Test/Subject',
    struct: 'NetworkBaselineProps',
    create: (props) => {
      const { stack, cluster: c } = cluster();
      return new NetworkBaseline(
        stack,
        'Subject',
        merge(
          {
            cluster: c,
            nodeLocalDnsOptions: { kubeDnsIp: '10.100.0.10' },
            observabilityOptions: { clusterAuthenticationMode: ClusterAuthenticationMode.API },
          },
          props,
        ),
      );
    },
  },
  {
    name: 'ClusterNetworkingContext.declare',
    path: 'Test/Cluster/NetkitNetworkingContext',
    struct: 'ClusterNetworkingDeclaration',
    create: (props) => {
      const context = ClusterNetworkingContext.of(importedTestCluster().cluster);
      // Karpenter's facts come whole: the required ones set, so a case names the prop it varies.
      context.declare(merge({ karpenter: { version: '1.15.2', reservedEnis: 0 } }, props));
      return context;
    },
  },
  {
    name: 'NetkitGuardrails',
    struct: 'NetkitGuardrailsOptions',
    create: (props) => {
      // A bucket comes whole: both figures set, so a case names the one it varies.
      new NetkitGuardrails(
        merge(
          { ec2ApiLimits: { AssignPrivateIpAddresses: { bucketMaximumCapacity: 100, bucketRefillRate: 5 } } },
          props,
        ),
      );
      return undefined;
    },
  },
  {
    name: 'MaxPods.calculate',
    struct: 'MaxPodsOptions',
    create: (props) => {
      MaxPods.calculate('m5.large', props as any);
      return undefined;
    },
  },
  {
    name: 'PodNetworking.secondaryIps',
    struct: 'PodNetworkingOptions',
    create: (props) => {
      PodNetworking.secondaryIps(props as any);
      return undefined;
    },
  },
  {
    name: 'PodNetworking.ipv6',
    struct: 'Ipv6PodNetworkingOptions',
    create: (props) => {
      PodNetworking.ipv6(props as any);
      return undefined;
    },
  },
  {
    name: 'PodNetworking.autoMode',
    struct: 'AutoModePodNetworkingOptions',
    create: (props) => {
      PodNetworking.autoMode(props as any);
      return undefined;
    },
  },
];

/** The props of a struct as paths, nested structs opened one level at a time: `dataVolume.sizeGiB`. */
function propPaths(struct: string, prefix = ''): Array<{ path: string; rule: PropRule }> {
  const rules = propRules();
  return Object.entries(structProps(struct, rules)).flatMap(([name, rule]) => {
    const path = `${prefix}${name}`;
    const own = [{ path, rule }];
    if (!rule.struct || rule.listOf) return own;
    return [...own, ...propPaths(rule.struct, `${mapEntry(path, rule)}.`)];
  });
}

/** The path of a nested struct's props: a map of structs is walked through the first key it knows. */
function mapEntry(path: string, rule: PropRule): string {
  return rule.mapOf ? `${path}.${rule.mapOf.known()[0]}` : path;
}

/**
 * The baseline with the case's props laid over it, nested structs merged (so `nodeLocalDnsOptions.dnsDomain` keeps
 * the baseline's `kubeDnsIp`); `whole` names props replaced as a whole.
 */
function merge(base: Record<string, any>, over: Record<string, unknown>, whole: string[] = []): any {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = base[k];
    const plain = (x: unknown) => typeof x === 'object' && x !== null && !Array.isArray(x) && x.constructor === Object;
    out[k] = !whole.includes(k) && plain(b) && plain(v) ? merge(b, v as Record<string, unknown>) : v;
  }
  return out;
}

/** `{ a: { b: value } }` for the path `a.b`. */
function atPath(path: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  return { [head]: rest.length === 0 ? value : atPath(rest.join('.'), value) };
}

const ENUM_VALUES: string[] = [
  AddonResolveConflicts,
  AutoModeNetworkPolicy,
  AutoModeSnatPolicy,
  ClusterAuthenticationMode,
  EnaMetricNaming,
  Ipv4PrefixSize,
  KarpenterCapacityType,
  KubeProxyMode,
  NodeImage,
  PodSecurityGroupEnforcingMode,
  eks.CapacityType,
  eks.TaintEffect,
].flatMap((e) => Object.values(e as Record<string, string>));

/** A marker for a value that has to be made inside the case's own stack (tokens, constructs). */
class Make {
  constructor(public readonly kind: string) {}
}

const adversarial: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, NaN, Infinity, -Infinity, -1, 0, -0, 0.5, 1e300, 2 ** 53 + 2, 65536, 2 ** 31, 1e12, -1e12),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double(),
  fc.constantFrom(
    '',
    ' ',
    'x'.repeat(300),
    'Bad_Name',
    'UPPER',
    '120',
    'true',
    'https://',
    '@sha256:abc',
    'BusyBox:1.37.0',
    'busybox:',
    '名前',
    '🙂',
    'a\nb: c',
    '-flag',
    '10.0.0.1/33',
    'arn:aws:sns:eu-west-1:123456789012:topic',
  ),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.boolean(),
  fc.constantFrom(...ENUM_VALUES),
  fc.constantFrom(...ENUM_VALUES).map((v) => v.toUpperCase()),
  fc.constantFrom(...ENUM_VALUES).map((v) => v.toLowerCase()),
  fc.constant([]),
  fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.constant(null)), { minLength: 1, maxLength: 3 }),
  fc.constant({}),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), { maxKeys: 3 }),
  fc.constantFrom(
    new Make('token-string'),
    new Make('token-number'),
    new Make('token-list'),
    new Make('sns-topic'),
    new Make('iam-role'),
    new Make('karpenter-node-class'),
  ),
);

let made = 0;

/** Make the values that belong to the case's stack; plain values pass through. */
function materialize(value: unknown, stack: () => Stack): unknown {
  if (!(value instanceof Make)) return value;
  switch (value.kind) {
    case 'token-string':
      return Token.asString(Lazy.string({ produce: () => 'resolved-later' }));
    case 'token-number':
      return Token.asNumber(Lazy.number({ produce: () => 3 }));
    case 'token-list':
      return Token.asList(Lazy.list({ produce: () => ['a'] }));
    case 'sns-topic':
      return new sns.Topic(stack(), `Topic${++made}`);
    case 'iam-role':
      return new iam.Role(stack(), `Role${++made}`, {
        assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      });
    default: {
      const { stack: s, cluster: c } = testCluster();
      const nodeRole = new iam.Role(s, 'NodeRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
      return new KarpenterNodeClass(s, 'Other', { cluster: c, nodeRole });
    }
  }
}

/** What must never reach a template: NaN, Infinity, `undefined` text, or a token's encoding number. */
const BROKEN = /\bNaN\b|\bInfinity\b|\bundefined\b|-1\.888\d*e\+289|\$\{Token\[/;

function templateOf(construct: IConstruct | undefined): string {
  if (!construct) return '';
  const stack = Stack.of(construct);
  return construct.node
    .findAll()
    .filter((c): c is CfnResource => CfnResource.isCfnResource(c))
    .map((r) => JSON.stringify(stack.resolve((r as any)._toCloudFormation())))
    .join('\n');
}

interface Outcome {
  readonly accepted: boolean;
  readonly message?: string;
}

function run(entry: Entry, path: string, raw: unknown): Outcome {
  let scratch: Stack | undefined;
  const stack = () => (scratch ??= new Stack(testApp(), 'Scratch'));
  const value = materialize(raw, stack);
  let created: IConstruct | undefined;
  try {
    created = entry.create(atPath(path, value));
    const template = templateOf(created);
    const broken = BROKEN.exec(template);
    if (broken) {
      throw new Error(
        `${entry.name} accepted ${path} = ${String(value)} and rendered '${broken[0]}': ${template.slice(0, 400)}`,
      );
    }
    return { accepted: true };
  } catch (err) {
    if (!Errors.isValidationError(err) || err instanceof TypeError || err instanceof RangeError) throw err;
    return { accepted: false, message: (err as Error).message };
  }
}

let cases = 0;

describe.each(ENTRIES.map((e) => [e.name, e] as const))('%s', (_, entry) => {
  const paths = propPaths(entry.struct);
  test.each(paths.map((p) => [p.path] as const))('%s', (path) => {
    const leaf = path.split('.').pop()!;
    fc.assert(
      fc.property(adversarial, (value) => {
        cases++;
        const outcome = run(entry, path, value);
        if (outcome.accepted) return;
        if (!outcome.message!.includes(leaf)) {
          throw new Error(`${entry.name} refused ${path} without naming it: ${outcome.message}`);
        }
        if (entry.path && !outcome.message!.startsWith(entry.path)) {
          throw new Error(`${entry.name} refused ${path} without the construct path: ${outcome.message}`);
        }
      }),
      { seed: SEED, numRuns: RUNS_PER_PROP, endOnFailure: true },
    );
  });
});

/** The error a case raised, or undefined when it was accepted; anything but a validation error fails the case. */
function refusal(entry: Entry, props: Record<string, unknown>): string | undefined {
  try {
    entry.create(props);
    return undefined;
  } catch (err) {
    if (!Errors.isValidationError(err)) throw err;
    return (err as Error).message;
  }
}

/** Keys no struct has (a misspelling, a stale config's key); `.` would nest them and `__proto__` is not a key. */
const strayKeys = fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !k.includes('.') && k !== '__proto__');
const strayValues = fc.oneof(fc.integer(), fc.string({ maxLength: 6 }), fc.boolean(), fc.constant(null));

describe.each(ENTRIES.map((e) => [e.name, e] as const))('%s: keys its structs do not have', (_, entry) => {
  const structs = [
    { at: '', struct: entry.struct },
    ...propPaths(entry.struct)
      .filter((p) => p.rule.struct && !p.rule.listOf)
      .map((p) => ({ at: `${mapEntry(p.path, p.rule)}.`, struct: p.rule.struct! })),
  ];
  test.each(structs.map((s) => [s.at || '(top level)', s] as const))('%s', (_label, { at, struct }) => {
    const known = structProps(struct);
    fc.assert(
      fc.property(
        strayKeys.filter((k) => !Object.hasOwn(known, k)),
        strayValues,
        (key, value) => {
          cases++;
          const message = refusal(entry, atPath(`${at}${key}`, value));
          if (!message?.includes(`${struct} has no prop`)) {
            throw new Error(`${entry.name} did not refuse ${at}${key}: ${message ?? 'accepted'}`);
          }
          if (entry.path && !message.startsWith(entry.path)) {
            throw new Error(`${entry.name} refused ${at}${key} without the construct path: ${message}`);
          }
        },
      ),
      { seed: SEED, numRuns: RUNS_PER_PROP, endOnFailure: true },
    );
  });
});

const wholeNumbers = (struct: string) => propPaths(struct).filter((p) => /^whole number/.test(p.rule.rule));

describe.each(ENTRIES.filter((e) => wholeNumbers(e.struct).length > 0).map((e) => [e.name, e] as const))(
  '%s: whole numbers past 32 bits',
  (_, entry) => {
    const paths = wholeNumbers(entry.struct);
    test.each(paths.map((p) => [p.path] as const))('%s', (path) => {
      fc.assert(
        fc.property(
          fc.oneof(fc.integer({ min: 2 ** 31, max: Number.MAX_SAFE_INTEGER }), fc.constantFrom(1e12, 1e300, -1e12)),
          (value) => {
            cases++;
            const message = refusal(entry, atPath(path, value));
            if (!message?.includes(path.split('.').pop()!)) {
              throw new Error(`${entry.name} did not refuse ${path} = ${value}: ${message ?? 'accepted'}`);
            }
          },
        ),
        { seed: SEED, numRuns: RUNS_PER_PROP, endOnFailure: true },
      );
    });
  },
);

afterAll(() => {
  // The case count is part of the evidence; it is printed so the closing note can quote it.
  process.stdout.write(`property-based bad-input cases: ${cases}\n`);
});
