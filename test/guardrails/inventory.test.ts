import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { NetkitGuardrails } from '../../lib';

// cdk-nag's Packs.test.ts habit: the IDs and levels are API; a change here is a breaking change.
test('the guardrail inventory: every ID and level', () => {
  expect(NetkitGuardrails.inventory().map((g) => [g.id, g.level])).toEqual([
    ['NETKIT-CAP1', 'error'],
    ['NETKIT-CAP2', 'error'],
    ['NETKIT-CAP3', 'warning'],
    ['NETKIT-CAP4', 'warning'],
    ['NETKIT-IP1', 'error'],
    ['NETKIT-WARM1', 'warning'],
    ['NETKIT-API1', 'warning'],
    ['NETKIT-BOOT1', 'error'],
    ['NETKIT-BOOT2', 'error'],
    ['NETKIT-BOOT3', 'error'],
    ['NETKIT-BOOT4', 'error'],
    ['NETKIT-KUBELET1', 'warning'],
    ['NETKIT-POD1', 'warning'],
    ['NETKIT-POD2', 'warning'],
    ['NETKIT-DNS1', 'warning'],
    ['NETKIT-DNS2', 'warning'],
    ['NETKIT-VOL1', 'warning'],
    ['NETKIT-VOL2', 'warning'],
    ['NETKIT-IMDS1', 'error'],
    ['NETKIT-CNI1', 'warning'],
    ['NETKIT-CNI2', 'warning'],
    ['NETKIT-CNI3', 'error'],
    ['NETKIT-NG1', 'error'],
    ['NETKIT-AUTO1', 'error'],
    ['NETKIT-AUTO2', 'error'],
    ['NETKIT-AUTO3', 'warning'],
    ['NETKIT-AUTO4', 'warning'],
    ['NETKIT-IPV6-1', 'error'],
    ['NETKIT-IPV6-2', 'error'],
    ['NETKIT-IPV6-3', 'error'],
  ]);
  const ids = NetkitGuardrails.inventory().map((g) => g.id);
  expect(new Set(ids).size).toBe(ids.length);
});

test('acknowledging takes known IDs and a reason', () => {
  const stack = new Stack();
  expect(() => NetkitGuardrails.acknowledge(stack, 'NETKIT-NOPE', 'x')).toThrow(
    /'NETKIT-NOPE' is not a guardrail ID; IDs are NETKIT-CAP1/,
  );
  expect(() => NetkitGuardrails.acknowledge(stack, 'NETKIT-DNS2', ' ')).toThrow(/give the reason/);
});

test('the README guardrail table is the inventory, row for row', () => {
  const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  for (const g of NetkitGuardrails.inventory()) {
    expect(readme).toContain(`| ${g.id} | ${g.level} | ${g.what} | ${g.fix} |`);
  }
});
