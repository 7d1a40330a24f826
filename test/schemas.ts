import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { ObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';
import Ajv, { ValidateFunction } from 'ajv';
import { karpenterCrds, KARPENTER_VERSIONS } from './upstream/upstream-manifests';

// Upstream schemas for every manifest the library renders. Built-in Kubernetes kinds: kubernetes-models (generated
// from the Kubernetes OpenAPI spec). Karpenter kinds: the CRDs of each Karpenter release the library supports, read
// from its Go module (test/upstream/). The Auto Mode NodeClass: the schema in fixtures/schemas/, written from AWS's
// documentation (see its README.md). Both checked with ajv, and their metadata against the Kubernetes ObjectMeta
// schema, which the API server applies to every object.
const SCHEMA_DIR = path.join(__dirname, 'fixtures', 'schemas');
/** The Auto Mode NodeClass schema, written from AWS's documentation; the cluster harness builds its CRD from it too. */
export const AUTO_MODE_NODE_CLASS_SCHEMA = path.join(SCHEMA_DIR, 'nodeclass.eks.amazonaws.com.v1.schema.json');
/** Karpenter kinds and the CRD that defines each. */
const KARPENTER_KINDS: Record<string, string> = {
  'karpenter.sh/v1/NodePool': 'nodepools.karpenter.sh',
  'karpenter.k8s.aws/v1/EC2NodeClass': 'ec2nodeclasses.karpenter.k8s.aws',
};

type Schema = { [key: string]: unknown };
type Validator = ValidateFunction;

/** The served version's OpenAPI v3 schema of a CustomResourceDefinition. */
export function crdSchema(crd: any, version: string): Schema {
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

function newAjv() {
  const ajv = new Ajv({ allErrors: true, jsonPointers: true });
  // Kubernetes' integer formats: a value out of range is refused by the API server.
  ajv.addFormat('int32', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
  });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
  return ajv;
}

/** Per kind, one validator for each Karpenter release (the Auto Mode NodeClass has one, its documented schema). */
function customValidators(): Map<string, Array<[string, Validator]>> {
  const ajv = newAjv();
  const validators = new Map<string, Array<[string, Validator]>>();
  for (const version of KARPENTER_VERSIONS) {
    const crds = karpenterCrds(version);
    for (const [key, name] of Object.entries(KARPENTER_KINDS)) {
      const crd = crds.get(name);
      if (!crd) throw new Error(`Karpenter v${version} has no CRD ${name}`);
      const validator = ajv.compile(strictFields(crdSchema(crd, key.split('/')[1])) as object);
      validators.set(key, [...(validators.get(key) ?? []), [`Karpenter v${version}`, validator]]);
    }
  }
  // A JSON Schema written for these tests that already says what it allows.
  const autoMode = JSON.parse(fs.readFileSync(AUTO_MODE_NODE_CLASS_SCHEMA, 'utf8'));
  validators.set('eks.amazonaws.com/v1/NodeClass', [['AWS documentation', ajv.compile(autoMode)]]);
  return validators;
}

const VALIDATORS = customValidators();
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
  const custom = VALIDATORS.get(`${doc.apiVersion}/${doc.kind}`);
  if (custom) {
    // An error every release reports is printed plain; one that only some releases report names them.
    const perSource = custom.map(([source, validate]) => ({
      source,
      errors: validate(doc) ? [] : (validate.errors ?? []).map((e) => `${where}: ${e.dataPath || '/'} ${e.message}`),
    }));
    const all = [...new Set(perSource.flatMap((s) => s.errors))];
    const errors = all.map((error) => {
      const sources = perSource.filter((s) => s.errors.includes(error)).map((s) => s.source);
      return sources.length === perSource.length ? error : `${error} (${sources.join(', ')} only)`;
    });
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
