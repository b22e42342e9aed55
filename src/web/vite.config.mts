import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const publicDir = path.join(here, 'public');

/**
 * Emits sw.js from sw.js's source with the shell's file list and a version: hashed asset names
 * change with every build that changes them, so a new deploy installs a new service worker,
 * which fetches the new shell and drops the old cache. Unhashed public files count by content.
 */
function serviceWorker(): Plugin {
  return {
    name: 'pelita-service-worker',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const built = Object.keys(bundle).filter((name) => !name.endsWith('.map'));
      const publicFiles = readdirSync(publicDir);
      const version = createHash('sha256');
      for (const name of built.sort()) version.update(name);
      for (const name of publicFiles.sort()) version.update(name).update(readFileSync(path.join(publicDir, name)));
      // The PNG icons are for installing the app (Android wants 192 and 512 px), not for opening it.
      const opened = publicFiles.filter((name) => !name.endsWith('.png'));
      const shell = ['index.html', ...built.filter((name) => name !== 'index.html'), ...opened].map((name) => `/${name}`);
      const source = readFileSync(path.join(here, 'sw.js'), 'utf8')
        .replace("'__VERSION__'", JSON.stringify(version.digest('hex').slice(0, 16)))
        .replace('[/* __SHELL__ */]', JSON.stringify(shell));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

export default defineConfig({
  root: here,
  base: '/',
  publicDir,
  // No network at build time and no telemetry: everything comes from node_modules.
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: path.resolve(here, '../../dist/web'),
    emptyOutDir: true,
    // Android System WebView / Chrome of cheap phones from about 2020 on.
    target: 'es2020',
    assetsDir: 'assets',
    // Only the entry chunk is loaded at start; the polyfill would be an inline script (CSP).
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
  plugins: [serviceWorker()],
});
