import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './packed-library';

/** One ```ts block of the README or of a page under docs/. */
export interface ReadmeSnippet {
  /** Where it is, `README.md:42` or `docs/testing.md:10` (the line of the opening fence), for messages. */
  readonly source: string;
  /** 1-based line of the opening fence, for messages. */
  readonly line: number;
  /**
   * A snippet whose first line is `// lib/x.ts` or `// test/x.test.ts` is a whole file of the user's app, written at
   * that path as it is; every other snippet runs in a stack's constructor.
   */
  readonly file?: string;
  readonly imports: readonly string[];
  /** `declare const name: Type;` lines: values the user's app already has. */
  readonly declared: ReadonlyArray<{ readonly name: string; readonly type: string }>;
  readonly body: string;
}

/** The values a snippet may declare, and how the test app provides them: what a user's app would have. */
export const FIXTURE_VALUES = ['app', 'cluster', 'nodeRole'] as const;

/** The user documents whose snippets the tests compile: README.md, then every page under docs/, by name. */
export function userDocuments(root = ROOT): string[] {
  const docs = path.join(root, 'docs');
  const pages = fs.existsSync(docs)
    ? fs
        .readdirSync(docs)
        .filter((f) => f.endsWith('.md'))
        .sort()
        .map((f) => `docs/${f}`)
    : [];
  return ['README.md', ...pages];
}

/** Every fenced block of one language in a markdown text, with the line of its opening fence. */
export function fencedBlocks(markdown: string, language: string): Array<{ line: number; code: string }> {
  const blocks: Array<{ line: number; code: string }> = [];
  for (const match of markdown.matchAll(new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))) {
    blocks.push({ line: markdown.slice(0, match.index).split('\n').length, code: match[1] });
  }
  return blocks;
}

/** Every ```ts block of one document, split into imports, declared values and the code that uses them. */
export function readmeSnippets(
  readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'),
  document = 'README.md',
): ReadmeSnippet[] {
  return fencedBlocks(readme, 'ts').map(({ line, code }) => {
    const source = `${document}:${line}`;
    const file = /^\/\/ ((?:lib|test|bin)\/[\w./-]+\.ts)\n/.exec(code)?.[1];
    if (file) return { source, line, file, imports: [], declared: [], body: code };
    const imports: string[] = [];
    const declared: Array<{ name: string; type: string }> = [];
    const body: string[] = [];
    for (const text of code.split('\n')) {
      const declaration = /^declare const (\w+): ([^;]+);/.exec(text);
      if (/^import .* from '[^']+';$/.test(text)) imports.push(text);
      else if (declaration) declared.push({ name: declaration[1], type: declaration[2] });
      else body.push(text);
    }
    return { source, line, imports, declared, body: body.join('\n').trim() };
  });
}

/** The ```ts snippets of the README and of every docs page, in that order. */
export function allSnippets(root = ROOT): ReadmeSnippet[] {
  return userDocuments(root).flatMap((doc) => readmeSnippets(fs.readFileSync(path.join(root, doc), 'utf8'), doc));
}

/**
 * A snippet as a stack module of the test app: its imports as written, its body in a stack's constructor, each
 * declared value taken from the fixture.
 */
export function snippetModule(snippet: ReadmeSnippet, className: string): string {
  const unknown = snippet.declared.filter((d) => !(FIXTURE_VALUES as readonly string[]).includes(d.name));
  if (unknown.length > 0) {
    throw new Error(
      `${snippet.source}: declare const ${unknown.map((d) => d.name).join(', ')} is none of the values ` +
        `a user's app provides here (${FIXTURE_VALUES.join(', ')})`,
    );
  }
  return [
    `// ${snippet.source}`,
    ...snippet.imports,
    "import * as readmeCore from 'aws-cdk-lib';",
    "import type { Construct as ReadmeConstruct } from 'constructs';",
    "import * as readmeFixture from './readme-fixture';",
    '',
    `export class ${className} extends readmeCore.Stack {`,
    '  constructor(scope: ReadmeConstruct, id: string) {',
    '    super(scope, id);',
    ...snippet.declared.map((d) => `    const ${d.name}: ${d.type} = readmeFixture.${d.name}(this);`),
    ...snippet.body.split('\n').map((l) => (l ? `    ${l}` : l)),
    '  }',
    '}',
    '',
  ].join('\n');
}

/** The fixture module: a default aws-eks-v2 cluster as a user creates it, a node role, the app. */
export const FIXTURE_MODULE = `import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import { App, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';

export function cluster(stack: Stack): eks.Cluster {
  return new eks.Cluster(stack, 'Cluster', {
    version: eks.KubernetesVersion.V1_35,
    kubectlProviderOptions: { kubectlLayer: new KubectlV35Layer(stack, 'KubectlLayer') },
  });
}

export function nodeRole(stack: Stack): iam.IRole {
  return new iam.Role(stack, 'NodeRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
}

export function app(stack: Stack): App {
  return stack.node.root as App;
}
`;

/** The install command of the README's Install section (the one for the published package). */
export function readmeInstallCommand(readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')): string[] {
  const section = /^## Install\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? '';
  const command = /^npm install (cdk-eks-netkit .*)$/m.exec(section)?.[1];
  if (!command) throw new Error("README.md has no '## Install' section with an 'npm install cdk-eks-netkit …' line");
  return command.trim().split(/\s+/);
}
