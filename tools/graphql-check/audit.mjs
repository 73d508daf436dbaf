// The graphql-http audit (GraphQL over HTTP conformance, graphql-http's serverAudits) against the
// real server: started on a fresh SQLite database, every request sent with the first start's
// administrator token. Every MUST and every SHOULD has to pass; MAY results are listed.
//
//   PORTFOLIO_BIN=../../target/debug/portfolio node audit.mjs
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { auditServer } from 'graphql-http';

const here = new URL('.', import.meta.url).pathname;
const bin = resolve(process.env.PORTFOLIO_BIN ?? join(here, '../../target/debug/portfolio'));
const port = 18900 + Math.floor(Math.random() * 90);
const dir = mkdtempSync(join(tmpdir(), 'portfolio-audit-'));
let log = '';
const server = spawn(bin, ['serve', '--database-url', `sqlite://${join(dir, 'audit.db')}?mode=rwc`, '--listen', `127.0.0.1:${port}`], {
  env: { ...process.env, RUST_LOG: 'warn' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
server.stdout.on('data', (d) => (log += d));
server.stderr.on('data', (d) => (log += d));
const stop = () => {
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
};

const token = await new Promise((done, fail) => {
  const timer = setTimeout(() => fail(new Error(`the server did not start:\n${log}`)), 60_000);
  const look = async () => {
    const found = log.match(/pf_[A-Za-z0-9_-]{43}/);
    if (found) {
      try {
        const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
        if (ready.ok) {
          clearTimeout(timer);
          return done(found[0]);
        }
      } catch {}
    }
    setTimeout(look, 100);
  };
  look();
});

const fetchFn = (input, init = {}) => {
  const headers = new Headers(init.headers ?? {});
  headers.set('authorization', `Bearer ${token}`);
  return fetch(input, { ...init, headers });
};
let failed = 0;
try {
  const results = await auditServer({ url: `http://127.0.0.1:${port}/graphql`, fetchFn });
  for (const result of results) {
    const level = result.name.split(' ')[0];
    const passed = result.status === 'ok';
    if (!passed && level !== 'MAY') failed += 1;
    const mark = passed ? 'ok  ' : level === 'MAY' ? 'note' : 'FAIL';
    console.log(`${mark} ${result.name}${passed ? '' : ` (${result.status}: ${result.reason})`}`);
  }
  const count = (level) => results.filter((r) => r.name.startsWith(level)).length;
  const ok = (level) => results.filter((r) => r.name.startsWith(level) && r.status === 'ok').length;
  console.log(`MUST ${ok('MUST')}/${count('MUST')}, SHOULD ${ok('SHOULD')}/${count('SHOULD')}, MAY ${ok('MAY')}/${count('MAY')}`);
} finally {
  stop();
}
process.exit(failed === 0 ? 0 : 1);
