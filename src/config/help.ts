import { defaultLabel, kebab, settingList, type Command, type SettingSpec } from './settings.js';

const WIDTH = 100;
const COMMANDS: { command: Command; what: string }[] = [
  { command: 'run', what: 'run the migrations step by step, measure each one, write the report' },
  { command: 'render', what: 'write comment.md and summary.md again from DIR/report.json' },
];
const EXIT_CODES = 'exit codes: 0 passed (or findings below --fail-on), 1 failed, 2 usage, config or connection error';

function flagText(key: string, s: SettingSpec): string {
  return `--${kebab(key)}${s.value ? ` ${s.value}` : ''}${s.short ? `, -${s.short}` : ''}`;
}

/** Words to lines of at most WIDTH columns, the first after the flag, the rest under it. */
function wrap(first: string, words: string, indent: number): string[] {
  const lines: string[] = [];
  let line = first;
  for (const word of words.split(' ')) {
    if (line.length > indent && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = ' '.repeat(indent) + word;
    } else line += (line.length > indent ? ' ' : '') + word;
  }
  lines.push(line);
  return lines;
}

function optionLines(command: Command, column: number): string[] {
  return settingList()
    .filter(([, s]) => s.cli?.includes(command))
    .flatMap(([key, s]) => {
      const fallback = defaultLabel(s);
      const words = fallback === null ? s.help : `${s.help} (${fallback})`;
      return wrap(`  ${flagText(key, s)}`.padEnd(column), words, column);
    });
}

/** --help without its title line: usage, every command's flags, exit codes (also the README's block). */
export function usageText(): string {
  const flags = settingList()
    .filter(([, s]) => s.cli)
    .map(([key, s]) => flagText(key, s).length);
  const column = 2 + Math.max(...flags) + 2;
  const blocks = [
    [
      'usage: migration-test run [options]',
      '       migration-test render [options]',
      '       migration-test merge DIR [DIR…] --report-dir OUT',
      '       migration-test --version | --help',
    ].join('\n'),
    [
      'run with --database-url given several times: each database into <report-dir>/<label>-<n>/,',
      'merged at the top of --report-dir. merge: several report directories as one (report.json,',
      "comment.md, summary.md: the migrations by database, the differences first; each input's logs",
      'under OUT/<label>/).',
    ].join('\n'),
    ...COMMANDS.map(({ command, what }) => [`${command}: ${what}`, ...optionLines(command, column)].join('\n')),
    EXIT_CODES,
  ];
  return blocks.join('\n\n') + '\n';
}

export function helpText(version: string): string {
  return `migration-test ${version}: run database migrations step by step on a real server and measure each one\n\n${usageText()}`;
}
