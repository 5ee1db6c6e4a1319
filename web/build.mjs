// Bundles the web page (web/src/main.ts, with uPlot and the shared bracket renderer) into dist/web with
// esbuild, and copies the page and its styles beside it. Run by `npm run build`; the output ships in the
// package, so `simcast serve` needs no network and no front-end server.
// esbuild's own postinstall is not approved (npm runs only approved install scripts) and not needed: its
// binary comes in the @esbuild/<platform> package, so a clean `npm ci` builds this as is (checked).
import { build } from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'dist', 'web');
const require = createRequire(import.meta.url);

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const result = await build({
  entryPoints: [join(here, 'src', 'main.ts')],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome110', 'firefox115', 'safari16'],
  minify: true,
  sourcemap: true,
  outfile: join(out, 'app.js'),
  logLevel: 'warning',
  metafile: true,
});
await copyFile(join(here, 'index.html'), join(out, 'index.html'));
await copyFile(join(here, 'style.css'), join(out, 'style.css'));
await copyFile(require.resolve('uplot/dist/uPlot.min.css'), join(out, 'uPlot.min.css'));
const bytes = Object.values(result.metafile.outputs).reduce((s, o) => s + o.bytes, 0);
console.log(`web: dist/web/app.js and its map, ${(bytes / 1024).toFixed(0)} KiB`);
