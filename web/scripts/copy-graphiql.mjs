// Copies GraphiQL (a pinned build, with production React) and its page into dist/graphiql/, so the
// server serves GraphiQL from its own origin and it works on a network without the internet.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const from = (path) => new URL(`../${path}`, import.meta.url);
const to = from('dist/graphiql/');
mkdirSync(to, { recursive: true });
const files = {
  'node_modules/react/umd/react.production.min.js': 'react.production.min.js',
  'node_modules/react-dom/umd/react-dom.production.min.js': 'react-dom.production.min.js',
  'node_modules/graphiql/graphiql.min.js': 'graphiql.min.js',
  'node_modules/graphiql/graphiql.min.css': 'graphiql.min.css',
  'graphiql/index.html': 'index.html',
  'graphiql/init.js': 'init.js',
  'graphiql/page.css': 'page.css',
};
for (const [source, target] of Object.entries(files)) {
  copyFileSync(from(source), new URL(target, to));
}
// The minified files name their source maps, which are not shipped; drop the reference so that
// browsers do not ask for them.
for (const target of ['graphiql.min.js', 'graphiql.min.css']) {
  const path = new URL(target, to);
  const text = readFileSync(path, 'utf8').replace(/\n?\/[/*]# sourceMappingURL=[^\s*]+(\s*\*\/)?\s*$/, '\n');
  writeFileSync(path, text);
}
