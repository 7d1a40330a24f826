import * as path from 'node:path';
import Ajv from 'ajv';
import schema from './fixtures/nodeclass.eks.amazonaws.com.v1.schema.json';

const validateNodeClass = new Ajv({ allErrors: true }).compile(schema);

/** Validate a NodeClass against the vendored schema (see fixtures/README.md); returns the errors. */
export function nodeClassSchemaErrors(manifest: unknown): string[] {
  if (validateNodeClass(manifest)) return [];
  return (validateNodeClass.errors ?? []).map((e) => `${e.dataPath || '/'} ${e.message}`);
}

/** Where the schema lives, for messages. */
export const NODE_CLASS_SCHEMA = path.join(__dirname, 'fixtures', 'nodeclass.eks.amazonaws.com.v1.schema.json');
