/**
 * Every assumption the capacity and rate models make where AWS or the VPC CNI leave something open, with its source
 * or "not documented", and the lever a user has when it does not hold. The CLI prints the ones an answer rests on;
 * docs/assumptions.md is rendered from this list (`npx projen gen:assumptions`).
 */

/** The source of an assumption AWS does not document. */
export const NOT_DOCUMENTED = 'not documented';

/** The VPC CNI source the ipamd behaviours were read from. */
const VPC_CNI = 'github.com/aws/amazon-vpc-cni-k8s@b5218838 (v1.23.1, 2026-08-20)';
const EC2_THROTTLING = 'https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html';
const NODE_CLASS = 'https://docs.aws.amazon.com/eks/latest/userguide/create-node-class.html';

/** The answers assumptions feed; the CLI prints those of the answer it gives. */
export type AssumptionUse = 'max-pods-auto-mode' | 'ip-plan-auto-mode' | 'ip-plan-vpc-cni' | 'ec2-api-budget';

/** One modelling assumption. */
export interface ModelAssumption {
  /** A stable ID, for reference from messages and docs. */
  readonly id: string;
  /** The heading it is listed under. */
  readonly topic: string;
  /** What the library takes as given. */
  readonly statement: string;
  /** Where it comes from: a page, a source file at a commit, or {@link NOT_DOCUMENTED}. */
  readonly source: string;
  /** What a user does when it does not hold for them. */
  readonly lever?: string;
  /** The answers that rest on it. */
  readonly usedBy: readonly AssumptionUse[];
}

const AUTO_MODE = 'EKS Auto Mode';
const BUCKETS = 'EC2 API token buckets';
const COUNTED = "EC2 calls counted per node (the VPC CNI's ipamd)";
const LEFT_OUT = 'EC2 calls left out of the count';
const IPAMD = 'ipamd behaviours taken as given';

/** Every modelling assumption, grouped by topic in display order. */
export const MODEL_ASSUMPTIONS: readonly ModelAssumption[] = [
  {
    id: 'auto-mode-max-pods-counts-prefixes',
    topic: AUTO_MODE,
    statement:
      'Under ipv4PrefixSize Auto, the max-pods calculation that Auto Mode caps at 110 counts /28 prefixes per ENI ' +
      'slot: ENIs × (IPv4 per ENI − 1) × 16 + 2 (m5.large: min(110, 434) = 110). The other reading counts single ' +
      'addresses, 3 × 9 + 2 = 29 on m5.large: up to 4× fewer pods on small types, and plans and guardrails follow.',
    source: `${NODE_CLASS} (Considerations: "110 … applied after the existing max pods calculation"); whether that calculation counts prefixes: ${NOT_DOCUMENTED}`,
    lever:
      'read status.capacity.pods of a live node of the type (kubectl get node NAME -o jsonpath={.status.capacity.pods}) ' +
      'and give it: --measured-max-pods N (CLI), PodNetworking.autoMode({ measuredMaxPods }), or podsPerNode on the NodePool',
    usedBy: ['max-pods-auto-mode', 'ip-plan-auto-mode'],
  },
  {
    id: 'auto-mode-110-cap',
    topic: AUTO_MODE,
    statement: 'Auto Mode caps max pods at 110 on every instance type, whatever its vCPUs.',
    source: `${NODE_CLASS} (Considerations)`,
    usedBy: ['max-pods-auto-mode', 'ip-plan-auto-mode'],
  },
  {
    id: 'auto-mode-one-prefix-per-node',
    topic: AUTO_MODE,
    statement:
      'Under Auto every node holds at least one /28 (16 addresses), and ⌈pod IPs ÷ 16⌉ prefixes when fuller; under "32" ' +
      'it holds its pod IPs as single addresses. Nothing spare is counted beyond that.',
    source: `${NODE_CLASS} ("Each node reserves 16 pod IPs"); Auto Mode's warm pool beyond one /28 (Auto) or one address ("32"): ${NOT_DOCUMENTED}`,
    lever: 'podsPerNode on the NodePool (or --pods-per-node) for pod-sparse nodes',
    usedBy: ['ip-plan-auto-mode'],
  },
  {
    id: 'auto-mode-prefix-fallback',
    topic: AUTO_MODE,
    statement:
      'Under Auto a node falls back to single addresses when its subnet has no free /28; the plan counts prefixes and ' +
      'reports the /28 blocks a subnet lacks rather than modelling the fallback.',
    source: `${NODE_CLASS}#secondary-IP-mode`,
    lever: 'ipv4PrefixSize "32" on the NodeClass (the plan says when it fits better)',
    usedBy: ['ip-plan-auto-mode'],
  },
  {
    id: 'auto-mode-static-interfaces',
    topic: AUTO_MODE,
    statement:
      'With static networkInterfaces a node has only the addresses listed (each secondary IPv4 one, each prefix 16); ' +
      'Auto Mode adds none after launch, so max pods is at most those plus 2 host-network pods.',
    source: `${NODE_CLASS}#static-network-interfaces`,
    usedBy: ['max-pods-auto-mode', 'ip-plan-auto-mode'],
  },
  {
    id: 'auto-mode-ec2-calls-unknown',
    topic: AUTO_MODE,
    statement:
      "Auto Mode nodes run no ipamd; the EC2 calls of Auto Mode's managed networking, and whether they draw on the " +
      "account's buckets, are unknown, so no EC2 API budget is computed for Auto Mode.",
    source: NOT_DOCUMENTED,
    usedBy: ['ip-plan-auto-mode'],
  },
  {
    id: 'ec2-buckets-per-api',
    topic: BUCKETS,
    statement:
      "Each API has a bucket of its own, sized by its category (a category's size is not shared between its APIs), " +
      'per account and Region, shared with every other caller there.',
    source: `${EC2_THROTTLING} ("each API is evaluated individually"; "Limits are applied to individual API actions, not API action categories")`,
    lever: '--other-api-traffic PCT (CLI) / otherEc2ApiTrafficPercent (guardrail) for the share other callers take',
    usedBy: ['ec2-api-budget'],
  },
  {
    id: 'ec2-buckets-default-sizes',
    topic: BUCKETS,
    statement:
      'Bucket sizes and refill rates are the documented defaults: AssignPrivateIpAddresses, CreateNetworkInterface and ' +
      'ModifyNetworkInterfaceAttribute 100 / 5 per s and CreateTags 100 / 10 per s (each listed on its own); ' +
      'AttachNetworkInterface and AssignIpv6Addresses 50 / 5 per s (not listed on their own: the mutating-actions size). An account can see, and ' +
      'ask AWS to raise, its own.',
    source: `${EC2_THROTTLING} (Request token bucket sizes and refill rates; View your current API limits)`,
    lever: "--api-limits FILE (CLI) / ec2ApiLimits (guardrail settings): the account's own sizes and refill rates",
    usedBy: ['ec2-api-budget'],
  },
  {
    id: 'ec2-describe-by-id-unfiltered',
    topic: BUCKETS,
    statement:
      'ipamd calls DescribeInstances with its instance ID and DescribeNetworkInterfaces with ENI IDs, without a ' +
      'Filter and without pagination; the model puts both in the smaller "unfiltered and unpaginated" buckets ' +
      '(50 / 10 per s). Whether an ID list counts as a filter is not said; if it does, they draw on the 100 / 20 ' +
      'non-mutating buckets and the budget is pessimistic for them.',
    source: `${EC2_THROTTLING} (the category lists both APIs); ID lists vs filters: ${NOT_DOCUMENTED}`,
    lever: '--api-limits FILE with 100 / 20 for DescribeInstances and DescribeNetworkInterfaces',
    usedBy: ['ec2-api-budget'],
  },
  {
    id: 'ipamd-start-up-calls',
    topic: COUNTED,
    statement:
      'At start-up every node makes one DescribeNetworkInterfaces (the attached ENIs, by ID) and one CreateTags (the ' +
      'untagged primary ENI gets the node and cluster tags); ENIs ipamd creates carry their tags from creation.',
    source: `${VPC_CNI} pkg/ipamd/ipamd.go nodeInit, pkg/awsutils/awsutils.go DescribeAllENIs, TagENI, createENI`,
    lever: 'ENABLE_IMDS_ONLY_MODE skips the DescribeNetworkInterfaces (not modelled)',
    usedBy: ['ec2-api-budget'],
  },
  {
    id: 'ipamd-per-eni-calls',
    topic: COUNTED,
    statement:
      'Each ENI ipamd adds costs CreateNetworkInterface (with its first addresses or prefixes), DescribeInstances ' +
      '(a free device index), AttachNetworkInterface and ModifyNetworkInterfaceAttribute (delete on termination); each ' +
      'top-up of an ENI that has room costs one AssignPrivateIpAddresses. Security groups for pods add one trunk ENI ' +
      '(CreateNetworkInterface + AttachNetworkInterface).',
    source: `${VPC_CNI} pkg/awsutils/awsutils.go AllocENI, awsGetFreeDeviceNumber, AllocIPAddresses`,
    usedBy: ['ec2-api-budget'],
  },
  {
    id: 'calls-left-out',
    topic: LEFT_OUT,
    statement:
      'Not counted: DescribeSubnets (subnet discovery); the delayed leaked-ENI sweep (DescribeNetworkInterfaces with ' +
      'filters, CreateTags, DeleteNetworkInterface); retries of throttled or failed calls; UnassignPrivateIpAddresses ' +
      'and DeleteNetworkInterface on scale-in; branch ENIs of pods with security groups (the VPC resource controller); ' +
      'the instance launch itself (RunInstances / CreateFleet of the node group, Karpenter or Auto Mode); IMDS and ' +
      'Kubernetes API calls. The budget is a lower bound.',
    source: `${VPC_CNI}; each is left out because its count depends on things the plan does not know`,
    usedBy: ['ec2-api-budget'],
  },
  {
    id: 'ipamd-all-pods-at-once',
    topic: IPAMD,
    statement:
      "All of a new node's pods arrive when it starts, so each pool action takes as much as the warm-pool rules allow; " +
      'pods arriving one by one make ipamd top up more often (more AssignPrivateIpAddresses).',
    source: `${VPC_CNI} pkg/ipamd/ipamd.go increaseDatastorePool; arrival order: the model's choice`,
    usedBy: ['ec2-api-budget', 'ip-plan-vpc-cni'],
  },
  {
    id: 'ipamd-pool-rules',
    topic: IPAMD,
    statement:
      'The warm pool follows WARM_ENI_TARGET (default 1), WARM_IP_TARGET / MINIMUM_IP_TARGET (which take precedence when ' +
      'above 0) and WARM_PREFIX_TARGET (default 1), and ipamd stops adding addresses once the node holds max pods of them.',
    source: `${VPC_CNI} pkg/ipamd/ipamd.go isDatastorePoolTooLow, datastoreTargetState; docs/eni-and-ip-target.md, docs/prefix-and-ip-target.md`,
    usedBy: ['ec2-api-budget', 'ip-plan-vpc-cni'],
  },
  {
    id: 'ipamd-no-failures',
    topic: IPAMD,
    statement: 'No call fails or is retried, and the primary ENI starts with no secondary addresses.',
    source: `${VPC_CNI}; failures: the model's choice (they only add calls)`,
    usedBy: ['ec2-api-budget'],
  },
];

/** The assumptions an answer rests on, in list order. */
export function assumptionsFor(...uses: AssumptionUse[]): ModelAssumption[] {
  return MODEL_ASSUMPTIONS.filter((a) => a.usedBy.some((u) => uses.includes(u)));
}

/** CLI lines for the assumptions an answer rests on. */
export function renderAssumptionLines(assumptions: readonly ModelAssumption[]): string[] {
  if (assumptions.length === 0) return [];
  return [
    `  assumptions (${assumptions.length}; all of them: docs/assumptions.md):`,
    ...assumptions.map(
      (a) => `    [${a.id}] ${a.statement} Source: ${a.source}.${a.lever ? ` If it does not hold: ${a.lever}.` : ''}`,
    ),
  ];
}

/** The JSON form, for `--json`. */
export function assumptionsJson(assumptions: readonly ModelAssumption[]): object[] {
  return assumptions.map(({ id, statement, source, lever }) => ({ id, statement, source, lever: lever ?? null }));
}

/** docs/assumptions.md. */
export function renderAssumptionsMarkdown(): string {
  const topics = [...new Set(MODEL_ASSUMPTIONS.map((a) => a.topic))];
  const lines = [
    '# Modelling assumptions',
    '',
    'Where AWS or the VPC CNI leave a number open, the capacity and rate models of cdk-eks-netkit take an assumption.',
    'Each is listed here with its source, or "not documented" when AWS does not say, and the lever you have when it',
    'does not hold for your account or cluster. `cdk-eks-netkit plan` and `cdk-eks-netkit max-pods --auto-mode` print',
    'the ones their answer rests on (and `--json` carries them).',
    '',
    '<!-- Generated from lib/capacity/assumptions.ts by `npx projen gen:assumptions`; do not edit by hand. -->',
  ];
  for (const topic of topics) {
    lines.push('', `## ${topic}`, '');
    for (const a of MODEL_ASSUMPTIONS.filter((x) => x.topic === topic)) {
      lines.push(`- **${a.id}**: ${a.statement}`, `  - Source: ${a.source}`);
      if (a.lever) lines.push(`  - If it does not hold: ${a.lever}`);
    }
  }
  lines.push(
    '',
    '## How the EC2 API limits file looks',
    '',
    "`cdk-eks-netkit plan --api-limits FILE` and the guardrail setting `ec2ApiLimits` take an account's own request",
    'token buckets, named as in the EC2 throttling table ("Bucket maximum capacity", "Bucket refill rate"), per API;',
    'APIs the file leaves out keep the defaults:',
    '',
    '```json',
    '{',
    '  "AssignPrivateIpAddresses": { "bucketMaximumCapacity": 200, "bucketRefillRate": 10 },',
    '  "DescribeNetworkInterfaces": { "bucketMaximumCapacity": 100, "bucketRefillRate": 20 }',
    '}',
    '```',
    '',
  );
  return lines.join('\n');
}
