import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import * as formatsModule from 'ajv-formats';

type AddFormats = (ajv: Ajv2020) => unknown;
// ajv-formats is CommonJS: under ESM its function may arrive as the default export or nested in it.
const exported = formatsModule as unknown as { default: AddFormats | { default: AddFormats } };
const addFormats: AddFormats = typeof exported.default === 'function' ? exported.default : exported.default.default;

const schemaPath = path.resolve('schema/report.schema.json');

/** Validates a report against the committed JSON Schema, as a user's tooling would. */
export function validateAgainstJsonSchema(report: unknown): string[] {
  const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  if (validate(report)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
