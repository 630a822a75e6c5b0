/**
 * action.yml and the README's generated sections, made from the settings table (npm run
 * generate writes them; __tests__/generated-docs.test.ts fails when the committed ones differ).
 */
import YAML from 'yaml';
import { formatTable, formatTransactionsTable } from './format-docs.js';
import { usageText } from './help.js';
import { SETTINGS, defaultLabel, defaultOf, inputDefault, kebab, settingList, type SettingSpec } from './settings.js';
import type { Severities, Thresholds } from './values.js';

const ACTION = {
  name: 'migration-test',
  description:
    'Run database migrations step by step on a real PostgreSQL or MySQL server, measure each one, and report on the pull request.',
  author: 'migration-test',
  branding: { icon: 'database', color: 'blue' },
};

const OUTPUTS: Record<string, string> = {
  status:
    'passed, warning, failed, skipped (the required label is missing), or error (the run could not start); set on every path',
  'report-path': 'path of report.json (written on every path, with status error when the run could not start)',
  'comment-id': 'ID of the sticky comment, when one was written',
  'comment-url': 'URL of the sticky comment, when one was written',
  'artifact-id': 'ID of the uploaded artifact',
  'artifact-url': 'URL of the uploaded artifact',
  migrations: 'number of migrations tested (base migrations not counted)',
  failed: 'number of migrations that failed',
  warnings: 'number of warning findings',
  'duration-ms': 'how long the new migrations took, in milliseconds',
};

const RUNS = { using: 'node24', main: 'dist/index.js' };

const inputSettings = () => settingList().filter(([, s]) => s.input);

/** An input's description: its words, and its default where action.yml cannot hold it. */
function inputDescription(s: SettingSpec): string {
  const words = s.inputHelp ?? s.help;
  return inputDefault(s) === undefined && s.defaultText !== undefined ? `${words} (default: ${s.defaultText})` : words;
}

export function actionYaml(): string {
  const inputs = Object.fromEntries(
    inputSettings().map(([key, s]) => {
      const fallback = inputDefault(s);
      return [
        kebab(key),
        { description: inputDescription(s), required: false, ...(fallback === undefined ? {} : { default: fallback }) },
      ];
    }),
  );
  const outputs = Object.fromEntries(Object.entries(OUTPUTS).map(([name, description]) => [name, { description }]));
  const yaml = (doc: object) => YAML.stringify(doc, { lineWidth: 0, singleQuote: true });
  return [
    '# Generated from src/config/settings.ts and src/config/docs.ts by `npm run generate`: edit those, not this file.\n',
    yaml(ACTION),
    yaml({ inputs }),
    yaml({ outputs }),
    yaml({ runs: RUNS }),
  ].join('\n');
}

/** Text for a Markdown table cell. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\*/g, '\\*');
const code = (text: string) => `\`${text.replace(/\|/g, '\\|')}\``;
export const table = (head: string[], rows: string[][]) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join(
    '\n',
  );

function inputsTable(): string {
  const rows = inputSettings().map(([key, s]) => {
    const fallback = inputDefault(s);
    const shown = fallback !== undefined ? code(fallback) : s.defaultText !== undefined ? cell(s.defaultText) : '';
    return [code(kebab(key)), shown, cell(s.inputHelp ?? s.help)];
  });
  return table(['input', 'default', 'meaning'], rows);
}

function outputsTable(): string {
  return table(
    ['output', 'meaning'],
    Object.entries(OUTPUTS).map(([name, meaning]) => [code(name), cell(meaning)]),
  );
}

function configKeysTable(): string {
  const rows = settingList()
    .filter(([, s]) => s.scope === 'run')
    .map(([key, s]) => {
      const value = defaultOf(s);
      const fallback = defaultLabel(s) ?? (typeof value === 'boolean' ? String(value) : '');
      return [
        code(key),
        s.cli ? code(`--${kebab(key)}`) : '',
        s.input ? code(kebab(key)) : '',
        cell(fallback),
        cell(s.help),
      ];
    });
  return table(['key', 'flag', 'input', 'default', 'meaning'], rows);
}

/** 180000 → 3m: the largest unit that divides it. */
function durationText(ms: number): string {
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const)
    if (ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

function bytesText(bytes: number): string {
  for (const [unit, size] of [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ] as const)
    if (bytes % size === 0) return `${bytes / size}${unit}`;
  return `${bytes}B`;
}

const flow = (entries: [string, string][]) =>
  entries.length ? `{ ${entries.map(([k, v]) => `${k}: ${v}`).join(', ')} }` : '{}';

/** One limit as the config file writes it: a duration or size with its unit, a count, or null. */
function limitText(group: keyof Thresholds, value: unknown): string {
  if (typeof value === 'number')
    return group === 'sizeDelta'
      ? bytesText(value)
      : group === 'duration' || group === 'queryDuration' || group === 'lockHeld' || group === 'blockedTraffic'
        ? durationText(value)
        : String(value);
  if (value !== null && typeof value === 'object')
    return flow(Object.entries(value).map(([k, v]) => [JSON.stringify(k), limitText(group, v)]));
  return String(value);
}

/** The defaults of thresholds, severity and postDeploy, as a config file holding them would read. */
function thresholdDefaults(): string {
  const thresholds = defaultOf(SETTINGS.thresholds) as Thresholds;
  const severity = defaultOf(SETTINGS.severity) as Severities;
  const postDeploy = defaultOf(SETTINGS.postDeploy) as string[];
  const groups = (Object.keys(thresholds) as (keyof Thresholds)[]).map(
    (group) => `  ${group}: ${flow(Object.entries(thresholds[group]).map(([k, v]) => [k, limitText(group, v)]))}`,
  );
  return [
    '```yaml',
    'thresholds:',
    ...groups,
    `severity: ${flow(Object.entries(severity))}`,
    `postDeploy: ${JSON.stringify(postDeploy)}`,
    '```',
  ].join('\n');
}

/** The README's generated sections, by marker name. */
export function readmeSections(): Record<string, string> {
  return {
    'cli-flags': '```\n' + usageText() + '```',
    'config-keys': configKeysTable(),
    'thresholds-defaults': thresholdDefaults(),
    inputs: inputsTable(),
    outputs: outputsTable(),
    formats: formatTable(),
    'format-transactions': formatTransactionsTable(),
  };
}

/** The README with every generated section rewritten between its markers. */
export function withGeneratedSections(readme: string, sections: Record<string, string> = readmeSections()): string {
  let out = readme;
  for (const [name, body] of Object.entries(sections)) {
    const re = new RegExp(`(<!-- generated:${name} -->\\n)[\\s\\S]*?(<!-- /generated:${name} -->)`);
    if (!re.test(out))
      throw new Error(`README.md: no <!-- generated:${name} --> … <!-- /generated:${name} --> markers`);
    out = out.replace(re, (_all, open: string, close: string) => `${open}${body}\n${close}`);
  }
  return out;
}

export { helpText } from './help.js';
