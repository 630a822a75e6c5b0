import { z } from 'zod';
import { ReportSchema } from './model.js';

/** The JSON Schema of report.json, generated from the zod model (committed as schema/report.schema.json). */
export function reportJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ReportSchema, { target: 'draft-2020-12', io: 'output' }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: 'https://github.com/migration-test/migration-test/schema/report.schema.json',
    title: 'migration-test report (schemaVersion 1)',
    ...schema,
  };
}

export function reportJsonSchemaText(): string {
  return JSON.stringify(reportJsonSchema(), null, 2) + '\n';
}
