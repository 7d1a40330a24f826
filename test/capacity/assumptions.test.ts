import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  MODEL_ASSUMPTIONS,
  NOT_DOCUMENTED,
  assumptionsFor,
  renderAssumptionsMarkdown,
} from '../../lib/capacity/assumptions';

describe('the modelling assumptions', () => {
  test('each has a unique ID, a statement and a source (a page, a source file, or "not documented")', () => {
    const ids = MODEL_ASSUMPTIONS.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const a of MODEL_ASSUMPTIONS) {
      expect(a.id).toMatch(/^[a-z0-9-]+$/);
      expect(a.statement.length).toBeGreaterThan(20);
      expect(a.source).toMatch(/https:\/\/docs\.aws\.amazon\.com\/|github\.com\/aws\/|not documented/);
      expect(a.usedBy.length).toBeGreaterThan(0);
    }
  });

  test('the readings AWS leaves open say so, and name a lever', () => {
    for (const id of ['auto-mode-max-pods-counts-prefixes', 'ec2-describe-by-id-unfiltered']) {
      const a = MODEL_ASSUMPTIONS.find((x) => x.id === id)!;
      expect(a.source).toContain(NOT_DOCUMENTED);
      expect(a.lever).toBeDefined();
    }
  });

  test('the topics the model needs are all there', () => {
    const topics = new Set(MODEL_ASSUMPTIONS.map((a) => a.topic));
    expect([...topics]).toEqual([
      'EKS Auto Mode',
      'EC2 API token buckets',
      "EC2 calls counted per node (the VPC CNI's ipamd)",
      'EC2 calls left out of the count',
      'ipamd behaviours taken as given',
    ]);
  });

  test('an answer gets the assumptions of its uses only', () => {
    const autoMaxPods = assumptionsFor('max-pods-auto-mode').map((a) => a.id);
    expect(autoMaxPods).toContain('auto-mode-max-pods-counts-prefixes');
    expect(autoMaxPods).not.toContain('ipamd-start-up-calls');
    expect(assumptionsFor('ec2-api-budget').map((a) => a.id)).toContain('calls-left-out');
  });

  test('docs/assumptions.md is the rendered list (regenerate with npx projen gen:assumptions)', () => {
    const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'assumptions.md'), 'utf8');
    expect(doc).toBe(renderAssumptionsMarkdown());
    for (const a of MODEL_ASSUMPTIONS) expect(doc).toContain(`**${a.id}**`);
  });

  test('the README links the list', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain('](docs/assumptions.md)');
  });
});
