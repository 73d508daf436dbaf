// SUBSCRIBERS WebSocket clients (graphql-transport-ws, the `ws` package), each subscribed to `changes`, on one
// server; then COMMITS renames, one every PAUSE ms: for each, the time from the write's request to
// every subscriber receiving it. Prints the server's RSS before and with the clients, per client,
// and the latency percentiles over all deliveries. Loopback only.
//
//   node run.mjs URL TOKEN SERVER_PID
const [url, token, pid] = process.argv.slice(2);
const SUBSCRIBERS = Number(process.env.SUBSCRIBERS ?? 10000);
const COMMITS = Number(process.env.COMMITS ?? 5);
const PAUSE = Number(process.env.PAUSE ?? 3000);
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
// `ws` is pinned in bench/peers, beside the Node.js this runs on.
const WebSocket = createRequire(new URL('../peers/package.json', import.meta.url))('ws');

const rss = () => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]);
const http = url.replace('ws://', 'http://');
async function gql(query, variables = {}) {
  const response = await fetch(http, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

let current = null; // { needle, sent, times: [] } of the commit being measured
let failures = 0;
function client() {
  return new Promise((done) => {
    const socket = new WebSocket(url, 'graphql-transport-ws', { perMessageDeflate: false });
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${token}` } })));
    socket.on('error', () => {
      failures += 1;
      done(null);
    });
    socket.on('message', (data) => {
      const at = performance.now();
      // 10,000 clients share one JavaScript thread: an event is told by a search of its bytes for
      // the value it carries, with no decoding or JSON parse, so that the client's own work delays
      // the next delivery as little as it can.
      if (data.includes(NEXT)) {
        if (current && data.includes(current.needle)) current.times.push(at - current.sent);
        return;
      }
      const message = JSON.parse(data.toString());
      if (message.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { changes { cursor node { newValue } } }' } }));
        // Subscribed once the server has the message; give it a moment before counting it ready.
        setTimeout(() => done(socket), 50);
      } else if (message.type === 'error' || message.type === 'complete') {
        failures += 1;
      }
    });
  });
}
const NEXT = Buffer.from('"type":"next"');

const before = rss();
const sockets = [];
const started = performance.now();
for (let i = 0; i < SUBSCRIBERS; i += 250) {
  const batch = await Promise.all(Array.from({ length: Math.min(250, SUBSCRIBERS - i) }, client));
  sockets.push(...batch.filter(Boolean));
}
const connectedIn = performance.now() - started;
await new Promise((r) => setTimeout(r, 2000));
const idle = rss();
const { project } = await gql('{ project(key: "DONGTOU-GREEN-08") { id version } }');
let version = project.version;
const all = [];
const lastPerCommit = [];
for (let n = 0; n < COMMITS; n++) {
  const value = `bench ${Date.now()} ${n}`;
  const entry = { needle: Buffer.from(JSON.stringify(value)), sent: performance.now(), times: [] };
  current = entry;
  await gql('mutation($input: UpdateProjectInput!) { updateProject(input: $input) { project { version } } }', {
    input: { projectId: project.id, expectedVersion: version, name: value },
  });
  version += 1;
  const deadline = performance.now() + 30000;
  while (entry.times.length < sockets.length && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  all.push(...entry.times);
  lastPerCommit.push(Math.max(...entry.times));
  if (entry.times.length < sockets.length) failures += sockets.length - entry.times.length;
  await new Promise((r) => setTimeout(r, PAUSE));
}
const busy = rss();
all.sort((a, b) => a - b);
const pct = (p) => all[Math.min(all.length - 1, Math.floor((all.length * p) / 100))] ?? NaN;
const result = {
  subscribers: sockets.length,
  connected_in_s: +(connectedIn / 1000).toFixed(1),
  rss_before_mb: +(before / 1024).toFixed(1),
  rss_idle_mb: +(idle / 1024).toFixed(1),
  kb_per_idle_connection: +((idle - before) / sockets.length).toFixed(1),
  rss_after_commits_mb: +(busy / 1024).toFixed(1),
  commits: COMMITS,
  deliveries: all.length,
  p50_ms: +pct(50).toFixed(1),
  p99_ms: +pct(99).toFixed(1),
  last_subscriber_ms: lastPerCommit.map((t) => +t.toFixed(0)),
  failures,
};
console.log(`RESULT ${JSON.stringify(result)}`);
for (const s of sockets) s.close();
process.exit(failures === 0 ? 0 : 1);
