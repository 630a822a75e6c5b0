/**
 * action.yml and the README's generated sections are made from the settings table
 * (src/config/settings.ts) by `npm run generate`; these tests fail when the committed files
 * differ from what generation gives, as check-dist does for dist/.
 */
import fs from 'node:fs';
import YAML from 'yaml';
import { ACTION_INPUTS } from '../src/config/action-inputs.js';
import { cliOptions } from '../src/config/cli-flags.js';
import { actionYaml, readmeSections, withGeneratedSections } from '../src/config/docs.js';
import { helpText } from '../src/config/help.js';
import { resolveRunConfig } from '../src/config/load.js';
import { ConfigFileSchema } from '../src/config/schema.js';
import { SETTINGS } from '../src/config/settings.js';
import { DEFAULT_BUCKETS_MS } from '../src/runner/histogram.js';

const readme = fs.readFileSync('README.md', 'utf8');
const STALE = 'differs from the settings table: run npm run generate';

test('action.yml is the generated one', () => {
  expect({ file: 'action.yml', text: fs.readFileSync('action.yml', 'utf8') }).toEqual({
    file: 'action.yml',
    text: actionYaml(),
  });
});

test.each(Object.keys(readmeSections()))("the README's %s section is the generated one", (name) => {
  const section = (text: string) =>
    new RegExp(`<!-- generated:${name} -->\\n([\\s\\S]*?)\\n<!-- /generated:${name} -->`).exec(text)?.[1];
  expect({ section: name, text: section(readme) ?? `no markers: ${STALE}` }).toEqual({
    section: name,
    text: section(withGeneratedSections(readme)),
  });
});

test('the whole README round-trips through generation', () => {
  expect(withGeneratedSections(readme) === readme ? 'up to date' : `README.md ${STALE}`).toBe('up to date');
});

/** The ```yaml blocks of a README section (## heading to the next). */
function yamlBlocks(heading: string): string[] {
  const start = readme.indexOf(`## ${heading}\n`);
  const end = readme.indexOf('\n## ', start + 1);
  return [...readme.slice(start, end).matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

test("the README's thresholds defaults are the real defaults, and its example is a valid config file", () => {
  const [defaults, ...examples] = yamlBlocks('Thresholds and checks');
  expect(examples.length).toBeGreaterThan(0);
  const file = ConfigFileSchema.parse(YAML.parse(defaults!));
  const fromFile = resolveRunConfig({}, file);
  const builtIn = resolveRunConfig({});
  expect({ thresholds: fromFile.thresholds, severity: fromFile.severity, postDeploy: fromFile.postDeploy }).toEqual({
    thresholds: builtIn.thresholds,
    severity: builtIn.severity,
    postDeploy: builtIn.postDeploy,
  });
  for (const example of examples) expect(ConfigFileSchema.safeParse(YAML.parse(example)).error).toBeUndefined();
});

test('defaults told in words agree with the code that applies them', () => {
  expect(SETTINGS.histogramBucketsMs.defaultText).toBe(
    `GitLab's ${JSON.stringify(DEFAULT_BUCKETS_MS).replace(/,/g, ', ')}`,
  );
  expect(resolveRunConfig({ fillRows: '1' }).fill?.seed).toBe(Number(SETTINGS.fillSeed.defaultText));
});

// Names are a contract (scripts and workflows use them): the table may grow, not rename.
test('flag and input names', () => {
  expect(Object.keys(cliOptions('run'))).toEqual([
    'database-url',
    'postgres-versions',
    'migrations',
    'format',
    'bookkeeping',
    'migrations-table',
    'command',
    'down-command',
    'base-command',
    'working-directory',
    'command-env',
    'command-timeout',
    'changelog',
    'report-dir',
    'config',
    'label',
    'connect-timeout',
    'statement-timeout',
    'allow-existing',
    'fail-on',
    'json',
    'base-ref',
    'new-from',
    'rollback',
    'probe',
    'require-down',
    'seed',
    'seed-after',
    'seed-command',
    'fill-rows',
    'fill-seed',
    'help',
  ]);
  expect(cliOptions('run').seed).toEqual({ type: 'string', multiple: true });
  expect(cliOptions('run').help).toEqual({ type: 'boolean', short: 'h' });
  expect(Object.keys(cliOptions('render'))).toEqual(['report-dir', 'comment-key', 'run-url', 'artifact-url', 'help']);
  expect([...ACTION_INPUTS].sort()).toEqual(
    [
      'database-url',
      'migrations',
      'format',
      'bookkeeping',
      'migrations-table',
      'command',
      'down-command',
      'base-command',
      'working-directory',
      'command-env',
      'command-timeout',
      'changelog',
      'config',
      'label',
      'report-dir',
      'connect-timeout',
      'statement-timeout',
      'allow-existing',
      'fail-on',
      'fail-on-publish-error',
      'new-from',
      'rollback',
      'probe',
      'require-down',
      'seed',
      'seed-after',
      'seed-command',
      'fill-rows',
      'fill-seed',
      'github-token',
      'comment',
      'comment-key',
      'matrix',
      'require-label',
      'pr-number',
      'upload-artifact',
      'artifact-name',
      'artifact-pattern',
      'mode',
      'run-id',
    ].sort(),
  );
  // Every action input has the flag of the same name where it applies to the CLI.
  const flags = new Set([...Object.keys(cliOptions('run')), ...Object.keys(cliOptions('render'))]);
  const inputOnly = ACTION_INPUTS.filter((name) => !flags.has(name)).sort();
  expect(inputOnly).toEqual([
    'artifact-name',
    'artifact-pattern',
    'comment',
    'fail-on-publish-error',
    'github-token',
    'matrix',
    'mode',
    'pr-number',
    'require-label',
    'run-id',
    'upload-artifact',
  ]);
});

test('--help lists every flag, one line of at most 100 columns each', () => {
  const help = helpText('1.2.3');
  expect(help.split('\n')[0]).toMatch(/^migration-test 1\.2\.3: /);
  for (const flag of Object.keys(cliOptions('run'))) expect(help).toContain(`  --${flag}`);
  for (const line of help.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  expect(help).toContain('  --connect-timeout SEC    seconds to wait for the database server to answer (60)');
});
