import { propRules } from './prop-rules';
import { AUTO_MODE_FLAGS } from '../cli/auto-mode-options';
import { FlagSpec } from '../cli/flags';
import { MAX_PODS_FLAGS } from '../cli/max-pods-command';
import { PLAN_FLAGS } from '../cli/plan-command';

/** Structs the library returns, not takes: they have no input rules. */
export const OUTPUT_STRUCTS = [
  'ClusterCompute',
  'ClusterSubnet',
  'GuardrailInfo',
  'InstanceTypeLimits',
  'MaxPodsExpressionResult',
  'MaxPodsResult',
];

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The audit table of every public prop: struct, prop, rule, source. */
export function propTable(): string {
  const rules = propRules();
  const rows = Object.entries(rules)
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([struct, { extends: bases, props }]) => [
      ...Object.entries(props).map(
        ([prop, rule]) => `| ${struct} | \`${prop}\` | ${cell(rule.rule)} | ${cell(rule.source)} |`,
      ),
      ...(bases ?? []).map((base) => `| ${struct} | (all of ${base}) | see ${base} | extends |`),
    ]);
  return ['| struct | prop | rule | source |', '|---|---|---|---|', ...rows].join('\n');
}

/** The audit table of every CLI flag: command, flag, rule, the library prop it feeds. */
export function flagTable(): string {
  const commands: Array<[string, readonly FlagSpec[]]> = [
    ['max-pods', [...MAX_PODS_FLAGS]],
    ['plan', [...PLAN_FLAGS]],
    ['max-pods, plan', AUTO_MODE_FLAGS],
  ];
  const value = (f: FlagSpec) => {
    switch (f.kind) {
      case 'boolean':
        return 'takes no value';
      case 'integer':
        return `whole number ≥ ${f.min ?? 0}`;
      case 'cidr':
        return 'IPv4 CIDR /16 to /28 at its network address, not loopback, link-local, multicast or reserved, no overlaps';
      default:
        return f.choices ? `one of ${f.choices.join(', ')}` : 'non-empty text';
    }
  };
  const rule = (f: FlagSpec) => `${value(f)}; ${f.multiple ? 'repeatable, each value once' : 'once'}`;
  const rows = commands.flatMap(([command, flags]) =>
    flags.map(
      (f) =>
        `| ${command} | \`--${f.name}\` | ${cell(rule(f))} | ${f.prop ? `then the rule of \`${f.prop}\`` : 'the command'} |`,
    ),
  );
  return ['| command | flag | rule | checked against |', '|---|---|---|---|', ...rows].join('\n');
}

/** How many props the tables cover. */
export function propCount(): number {
  return Object.values(propRules()).reduce((n, s) => n + Object.keys(s.props).length, 0);
}
