/**
 * The user documents link to each other and to the repository's files: every relative link of README.md,
 * CONTRIBUTING.md and docs/*.md must name a file or folder that exists, and every #anchor a heading of its target
 * (GitHub's heading slugs). Links to the web are not fetched: the tests have no network beyond package registries.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { userDocuments } from '../package/readme-snippets';

const ROOT = path.join(__dirname, '..', '..');
const DOCUMENTS = [...userDocuments(ROOT), 'CONTRIBUTING.md'];

/** The text outside fenced code blocks and inline code, where markdown links live. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens; repeats get -1, -2… */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const match of markdown.replace(/^```[\s\S]*?^```$/gm, '').matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const slug = match[1]
      .replace(/`/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

/** Every relative link `[text](target)` of a document. */
function relativeLinks(markdown: string): string[] {
  return [...prose(markdown).matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1])
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

test('the slugs are GitHub’s', () => {
  expect([
    ...headingAnchors('# Max pods, ENI limits and the CLI\n## `TunedNodegroup` props\n## Install\n## Install\n'),
  ]).toEqual(['max-pods-eni-limits-and-the-cli', 'tunednodegroup-props', 'install', 'install-1']);
});

test('the README links every page under docs/', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const linked = new Set(relativeLinks(readme).map((l) => l.split('#')[0]));
  const pages = userDocuments(ROOT).filter((d) => d.startsWith('docs/'));
  expect(pages.length).toBeGreaterThanOrEqual(10);
  expect(pages.filter((p) => !linked.has(p))).toEqual([]);
});

describe.each(DOCUMENTS)('%s', (document) => {
  test('every relative link resolves, and every anchor is a heading of its target', () => {
    const markdown = fs.readFileSync(path.join(ROOT, document), 'utf8');
    const broken: string[] = [];
    for (const link of relativeLinks(markdown)) {
      const [file, anchor] = link.split('#');
      const target = file
        ? path.join(path.dirname(path.join(ROOT, document)), decodeURIComponent(file))
        : path.join(ROOT, document);
      if (!fs.existsSync(target)) {
        broken.push(`${link}: no such file`);
        continue;
      }
      if (anchor !== undefined && !headingAnchors(fs.readFileSync(target, 'utf8')).has(anchor)) {
        broken.push(`${link}: no heading with anchor #${anchor} in ${path.relative(ROOT, target)}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
