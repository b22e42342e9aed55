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
      // The shell is what opening the app needs: the entry chunk, what it imports statically, and
      // every non-JS file. Screens loaded on demand (lazyScreen) are kept when first opened instead,
      // so installing the app does not download the administrator's screens on a learner's phone.
      const opening = new Set<string>();
      const visit = (name: string) => {
        const chunk = bundle[name];
        if (opening.has(name) || !chunk || chunk.type !== 'chunk') return;
        opening.add(name);
        chunk.imports.forEach(visit);
      };
      for (const [name, file] of Object.entries(bundle)) if (file.type === 'chunk' && file.isEntry) visit(name);
      const onDemand = built.filter((name) => bundle[name].type === 'chunk' && !opening.has(name));
      const publicFiles = readdirSync(publicDir);
      const version = createHash('sha256');
      for (const name of built.sort()) version.update(name);
      for (const name of publicFiles.sort()) version.update(name).update(readFileSync(path.join(publicDir, name)));
      // The PNG icons are for installing the app (Android wants 192 and 512 px), not for opening it.
      const opened = publicFiles.filter((name) => !name.endsWith('.png'));
      const shell = ['index.html', ...built.filter((name) => name !== 'index.html' && !onDemand.includes(name)), ...opened].map((name) => `/${name}`);
      const source = readFileSync(path.join(here, 'sw.js'), 'utf8')
        .replace("'__VERSION__'", JSON.stringify(version.digest('hex').slice(0, 16)))
        .replace('[/* __SHELL__ */]', JSON.stringify(shell))
        .replace('[/* __ON_DEMAND__ */]', JSON.stringify(onDemand.map((name) => `/${name}`)));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

/**
 * Turns each `graphql(\`…\`)` call of the app into the document codegen generated for it
 * (`LoginMutation = graphql(\`mutation Login…\`)` becomes the text of `LoginDocument`, fragments
 * included), each in a module of its own. Without it every call goes through gql.ts's map of all
 * operations, so the first load would carry the text of every screen's operations, twice; with it
 * a screen loaded later (the admin's, the instructor's) brings its own operations with it.
 * (What the client preset's Babel/SWC plugins do; this build has neither.)
 */
function graphqlDocuments(): Plugin {
  const generated = path.join(here, 'gql') + path.sep;
  const PREFIX = '\0pelita-document:';
  let documents = new Map<string, { text: string; meta: string }>();
  return {
    name: 'pelita-graphql-documents',
    enforce: 'pre',
    buildStart() {
      // codegen ran before the build (npm run build:web), so graphql.ts is current.
      const source = readFileSync(path.join(generated, 'graphql.ts'), 'utf8');
      documents = new Map();
      for (const match of source.matchAll(/export const (\w+) = new TypedDocumentString\(`([^`]*)`(?:, (\{[^\n]*?\}))?\) as unknown as/g)) {
        if (match[2].includes('${')) this.error(`gql/graphql.ts: ${match[1]} interpolates; this plugin expects plain text`);
        documents.set(match[1], { text: match[2], meta: match[3] ?? 'undefined' });
      }
    },
    resolveId(id) {
      return id.startsWith(PREFIX) ? id : undefined;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return undefined;
      const document = documents.get(id.slice(PREFIX.length))!;
      // The client reads only the text (and codegen's metadata); a String object carries both.
      return `export default /*#__PURE__*/ Object.assign(new String(${JSON.stringify(document.text)}), { __meta__: ${document.meta} });`;
    },
    transform(code, id) {
      const file = id.split('?')[0];
      if (file.startsWith(generated) || !/\.tsx?$/.test(file) || !code.includes('graphql(`')) return undefined;
      const names = new Set<string>();
      let replaced = code.replace(/\bgraphql\(\s*`([^`]*)`\s*\)/g, (_call, text: string) => {
        const definition = /^\s*(query|mutation|subscription|fragment)\s+(\w+)/.exec(text);
        if (!definition) this.error(`${file}: a graphql() call without a named operation or fragment`);
        const name = definition[1] === 'fragment' ? `${definition[2]}FragmentDoc` : `${definition[2]}Document`;
        if (!documents.has(name)) this.error(`${file}: codegen generated no ${name}; run npm run build:web`);
        names.add(name);
        return `__${name}`;
      });
      const importLine = /import \{ graphql \} from '(?:\.\.?\/)+gql';/;
      if (!importLine.test(replaced)) this.error(`${file}: graphql() must be imported as \`import { graphql } from '…/gql'\``);
      replaced = replaced.replace(importLine, () => [...names].map((name) => `import __${name} from '${PREFIX}${name}';`).join('\n'));
      return { code: replaced, map: null };
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
  plugins: [graphqlDocuments(), serviceWorker()],
});
