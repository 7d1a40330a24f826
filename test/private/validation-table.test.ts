import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { propRules, structProps } from '../../lib/private/prop-rules';
import { OUTPUT_STRUCTS, flagTable, propTable } from '../../lib/private/validation-table';

const ROOT = path.join(__dirname, '..', '..');

/** The structs of the public API and their props, as API.md (generated from the jsii assembly) lists them. */
function apiStructs(): Record<string, string[]> {
  const api = readFileSync(path.join(ROOT, 'API.md'), 'utf8');
  const structs = api.slice(api.indexOf('## Structs'), api.indexOf('## Classes'));
  const result: Record<string, string[]> = {};
  for (const section of structs.split(/\n### /).slice(1)) {
    const name = section.split(' ')[0];
    const properties = section.slice(section.indexOf('#### Properties'));
    result[name] = [...properties.matchAll(/\n##### `(\w+)`/g)].map((m) => m[1]);
  }
  return result;
}

test('every prop of every struct the library takes has a rule, and no rule names a prop that is gone', () => {
  const api = apiStructs();
  const rules = propRules();
  const inputs = Object.keys(api).filter((s) => !OUTPUT_STRUCTS.includes(s));
  expect(inputs.length).toBeGreaterThan(25);
  const missing = inputs.flatMap((struct) =>
    rules[struct]
      ? api[struct].filter((p) => !(p in structProps(struct, rules))).map((p) => `${struct}.${p}`)
      : [struct],
  );
  expect(missing).toEqual([]);
  const stale = Object.keys(rules).flatMap((struct) =>
    Object.keys(structProps(struct, rules))
      .filter((p) => !(api[struct] ?? []).includes(p))
      .map((p) => `${struct}.${p}`),
  );
  expect(stale).toEqual([]);
});

test('docs/validation.md carries the current audit tables (NETKIT_WRITE_DOCS=1 rewrites them)', () => {
  const file = path.join(ROOT, 'docs', 'validation.md');
  const text = readFileSync(file, 'utf8');
  const begin = '<!-- generated: prop table -->';
  const end = '<!-- end of generated tables -->';
  const generated = `${begin}\n\n${propTable()}\n\n### CLI flags\n\n${flagTable()}\n\n${end}`;
  const current = text.slice(text.indexOf(begin), text.indexOf(end) + end.length);
  if (process.env.NETKIT_WRITE_DOCS === '1') {
    writeFileSync(file, text.replace(current, generated));
    return;
  }
  expect(current).toBe(generated);
});

test('every rule is enforced: a rule without a check names where it is checked, or is a nested struct', () => {
  // A rule with words and no check documents a promise nothing keeps (KarpenterController's props once were).
  const unchecked = Object.entries(propRules()).flatMap(([struct, { props }]) =>
    Object.entries(props)
      .filter(([, rule]) => !rule.check && !rule.struct && !rule.checkedBy)
      .map(([prop]) => `${struct}.${prop}`),
  );
  expect(unchecked).toEqual([]);
});
