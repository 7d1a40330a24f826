import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { ObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';
import Ajv from 'ajv';
import { parse as parseYaml } from 'yaml';

// Upstream schemas for every manifest the library renders. Built-in Kubernetes kinds: kubernetes-models (generated
// from the Kubernetes OpenAPI spec). Karpenter and Auto Mode kinds: the schemas vendored in fixtures/schemas/ (see
// its README.md: the Karpenter CRDs as released, the Auto Mode NodeClass as AWS documents it), checked with ajv, and
// their metadata against the Kubernetes ObjectMeta schema, which the API server applies to every object.
const SCHEMA_DIR = path.join(__dirname, 'fixtures', 'schemas');
const VENDORED: Record<string, string> = {
  'karpenter.sh/v1/NodePool': 'karpenter.sh_nodepools.yaml',
  'karpenter.k8s.aws/v1/EC2NodeClass': 'karpenter.k8s.aws_ec2nodeclasses.yaml',
  'eks.amazonaws.com/v1/NodeClass': 'nodeclass.eks.amazonaws.com.v1.schema.json',
};

type Schema = { [key: string]: unknown };

/** The served version's OpenAPI v3 schema of a CustomResourceDefinition. */
function crdSchema(crd: any, version: string): Schema {
  const served = crd.spec.versions.find((v: any) => v.name === version && v.served);
  if (!served) throw new Error(`${crd.metadata.name} serves no version ${version}`);
  return served.schema.openAPIV3Schema;
}

/**
 * Objects with listed properties take no others unless they say so: kubectl's default strict field validation
 * rejects an unknown field, so a misspelt field must fail here too.
 */
function strictFields(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strictFields);
  if (typeof schema !== 'object' || schema === null) return schema;
  const node = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, strictFields(value)]));
  const open = 'additionalProperties' in node || node['x-kubernetes-preserve-unknown-fields'] === true;
  return node.properties && !open ? { ...node, additionalProperties: false } : node;
}

function vendoredValidators() {
  const ajv = new Ajv({ allErrors: true, jsonPointers: true });
  // Kubernetes' integer formats: a value out of range is refused by the API server.
  ajv.addFormat('int32', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
  });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
  return new Map(
    Object.entries(VENDORED).map(([key, file]) => {
      const text = fs.readFileSync(path.join(SCHEMA_DIR, file), 'utf8');
      // A CRD's structural schema, or a JSON Schema written for these tests that already says what it allows.
      const schema = file.endsWith('.yaml')
        ? strictFields(crdSchema(parseYaml(text), key.split('/')[1]))
        : JSON.parse(text);
      return [key, ajv.compile(schema as object)];
    }),
  );
}

const VALIDATORS = vendoredValidators();
// Model modules are chosen by apiVersion at run time.
const loadModule = createRequire(__filename);

/** The kubernetes-models class of a built-in kind, or undefined when it has none. */
function builtInModel(apiVersion: string, kind: string): any {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : [undefined, apiVersion];
  try {
    return loadModule(`kubernetes-models/${group ? group + '/' : ''}${version}`)[kind];
  } catch {
    return undefined;
  }
}

function documentErrors(doc: any): string[] {
  const where = `${doc.kind}/${doc.metadata?.name ?? ''}`;
  const vendored = VALIDATORS.get(`${doc.apiVersion}/${doc.kind}`);
  if (vendored) {
    const errors = vendored(doc)
      ? []
      : (vendored.errors ?? []).map((e) => `${where}: ${e.dataPath || '/'} ${e.message}`);
    return [...errors, ...modelErrors(where, () => new ObjectMeta(doc.metadata).validate(), 'metadata')];
  }
  const Model = builtInModel(doc.apiVersion, doc.kind);
  if (!Model) return [`no upstream schema for ${doc.apiVersion}/${doc.kind}`];
  return modelErrors(where, () => new Model(doc).validate());
}

/** A kubernetes-models validation's error, its `data` path rooted at `under` when it checked a part of a document. */
function modelErrors(where: string, validate: () => void, under?: string): string[] {
  try {
    validate();
    return [];
  } catch (err) {
    const message = (err as Error).message;
    return [`${where}: ${under ? message.replace(/(^|, )data\b/g, `$1data/${under}`) : message}`];
  }
}

/** Validate manifests against their upstream schemas; returns the errors (none when every document is valid). */
export function schemaErrors(manifests: unknown[]): string[] {
  return manifests.flatMap(documentErrors);
}
