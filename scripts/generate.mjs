// Writes the files made from the source: action.yml and the README's sections between
// <!-- generated:NAME --> markers (from the settings table, src/config/settings.ts), and
// schema/report.schema.json (from the report's zod model). Node 20 cannot run TypeScript: the
// generators are bundled into .tmp/ with esbuild and imported from there.
//
//   npm run generate          (npm run bundle runs it too)
import { build } from 'esbuild';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** The generator functions, from the TypeScript source. */
export async function loadGenerators(version) {
  const outfile = path.join(root, '.tmp', `generate-${process.pid}.mjs`);
  await build({
    stdin: {
      contents: [
        "export { actionYaml, helpText, withGeneratedSections } from './src/config/docs.ts';",
        "export { reportJsonSchemaText } from './src/report/json-schema.ts';",
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    define: { __MIGRATION_TEST_VERSION__: JSON.stringify(version) },
    logLevel: 'warning',
  });
  try {
    return await import(pathToFileURL(outfile).href);
  } finally {
    await fs.rm(outfile, { force: true });
  }
}

/** Writes `text` to `file` when it differs; says whether it did. */
async function update(file, text) {
  const abs = path.join(root, file);
  const old = await fs.readFile(abs, 'utf8').catch(() => null);
  if (old === text) return false;
  await fs.mkdir(path.dirname(abs), { recursive: true });
  await fs.writeFile(abs, text);
  return true;
}

/** Rewrites the generated files; returns the generators (npm run bundle takes --help's text from them). */
export async function generate() {
  const pkg = JSON.parse(await fs.readFile(path.join(root, 'package.json'), 'utf8'));
  const gen = await loadGenerators(pkg.version);
  const readme = await fs.readFile(path.join(root, 'README.md'), 'utf8');
  const files = {
    'action.yml': gen.actionYaml(),
    'README.md': gen.withGeneratedSections(readme),
    'schema/report.schema.json': gen.reportJsonSchemaText(),
  };
  const changed = [];
  for (const [file, text] of Object.entries(files)) if (await update(file, text)) changed.push(file);
  console.log(changed.length ? `generated ${changed.join(', ')}` : 'generated files are up to date');
  return { ...gen, version: pkg.version };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await generate();
