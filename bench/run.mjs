#!/usr/bin/env node
// bench/run.mjs: `npm run bench`. Size, init, per-call latency and memory of epilot-portal-sdk
// next to the official clients, in one run of headless Chromium against a local server that
// answers from precomputed bodies (bench/server.mjs, bench/data.mjs).
//
// Usage: node bench/run.mjs [--smoke] [--port N] [--out FILE] [--no-write] [--pkg DIR]
//   --smoke     a short pass (a few rounds of everything, ~1 min): checks that it all runs and
//               prints the tables; writes target/bench/BENCHMARKS.smoke.md, never BENCHMARKS.md
//   --port N    server port (default: a free one chosen by the OS)
//   --out FILE  where the report goes (default: BENCHMARKS.md in the repo root)
//   --no-write  print only
//   --pkg DIR   the built package to measure (default: pkg/), e.g. one built from a clean
//               `git archive HEAD` while the working tree has unfinished changes
//
// Needs: pkg/ built (`npm run build`: scripts/build-package.sh),
// npm ci (esbuild, playwright-core, the official clients), Chromium at $CHROMIUM or /usr/bin/chromium.
//
// Contenders:
//   ours      epilot-portal-sdk from pkg/ (bundled with esbuild like an app would; .wasm beside it)
//   official  @epilot/customer-portal-client (esbuild --bundle --minify)
//   epilotSdk @epilot/sdk/customer-portal (esbuild --bundle --minify): size and init only
//   raw       fetch + res.json(), the floor for latency
//   amazon-cognito-identity-js  SRP sign-in latency against the same local Cognito emulator
//
// Downloads per portal page (data, signed-in, sign-in) are recorded from what the browser fetches
// from pkg/ as published (bench/download.mjs).

import { readFileSync, writeFileSync, mkdirSync, copyFileSync, existsSync, statSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { startServer, ROOT, OUT_DIR } from './server.mjs';
import { startCognito, measureDownloads, measureSrp } from './download.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
let PKG = path.join(ROOT, 'pkg');

// ---------- options ----------------------------------------------------------------------------
const argv = process.argv.slice(2);
const flag = (f) => argv.includes(f);
const value = (f, d) => { const i = argv.indexOf(f); return i >= 0 && i + 1 < argv.length ? argv[i + 1] : d; };
for (const a of argv) {
  if (a.startsWith('--') && !['--smoke', '--port', '--out', '--no-write', '--pkg'].includes(a)) die(`unknown option ${a}`);
}
if (value('--pkg')) PKG = path.resolve(value('--pkg'));
const SMOKE = flag('--smoke');
const PORT = Number(value('--port', 0));
const OUT_FILE = path.resolve(value('--out', SMOKE ? path.join(ROOT, 'target', 'bench', 'BENCHMARKS.smoke.md') : path.join(ROOT, 'BENCHMARKS.md')));
const WRITE = !flag('--no-write');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const PLAN = SMOKE
  ? { initLoads: 1, small: { rounds: 10, warmup: 2 }, large: { rounds: 3, warmup: 1 }, breakdownReps: 2, memory: [10, 100], srpRounds: 2 }
  : { initLoads: 9, small: { rounds: 400, warmup: 30 }, large: { rounds: 60, warmup: 5 }, breakdownReps: 15, memory: [100, 10000], srpRounds: 10 };

// gzip -9 bytes fetched per page: [target, goal].
const TARGETS = {
  dataPage: [60_000, 45_000], signedInPage: [65_000, 50_000], signInPage: [95_000, 75_000],
  officialWithSignIn: 95_800, largeVsRawMax: 1.0, smallVsRawMax: 1.1, smallVsRawGoal: 1.05, wasmGrowthMax: 65536,
};

function die(msg) {
  console.error(`bench: ERROR: ${msg}`);
  process.exit(1);
}
const log = (...a) => console.log(...a);

// ---------- checks -----------------------------------------------------------------------------
for (const f of ['index.js', 'epilot_portal_sdk_bg.wasm']) {
  if (!existsSync(path.join(PKG, f))) die(`${path.relative(ROOT, PKG)}/${f} is missing: run \`npm run build\` (scripts/build-package.sh) first`);
}
if (!existsSync(CHROMIUM)) die(`Chromium not found at ${CHROMIUM} (set CHROMIUM, or apt-get install chromium)`);
const { chromium } = await import('playwright-core').catch(() => die('playwright-core is not installed: npm ci'));
const esbuild = await import('esbuild').catch(() => die('esbuild is not installed: npm ci'));

// ---------- bundles ----------------------------------------------------------------------------
mkdirSync(OUT_DIR, { recursive: true });
const BUNDLES = { ours: 'ours.js', official: 'official.js', epilotSdk: 'epilot-sdk.js', cognitoIdentity: 'cognito-identity.js' };
async function bundle(entry, out, pkg = PKG) {
  // "The same way" for everyone: esbuild --bundle --minify --format=esm --platform=browser.
  await esbuild.build({
    entryPoints: [path.join(HERE, 'entries', entry)],
    outfile: path.join(OUT_DIR, out),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    logLevel: 'error',
    legalComments: 'none',
    alias: { 'epilot-portal-sdk': path.join(pkg, 'index.js') },
    // The sign-in and password modules stay their own downloads (loaded on first use), as without a bundler.
    external: ['./sign-in/*', './password/*'],
    // amazon-cognito-identity-js's buffer dependency reads Node's `global` (apps define it too).
    define: { global: 'globalThis' },
  });
}
log('==> bundling with esbuild');
for (const [name, file] of Object.entries(BUNDLES)) await bundle(file, file);
copyFileSync(path.join(PKG, 'epilot_portal_sdk_bg.wasm'), path.join(OUT_DIR, 'epilot_portal_sdk_bg.wasm'));

// ---------- sizes ------------------------------------------------------------------------------
function sizes(buf) {
  return {
    raw: buf.length,
    gzip: zlib.gzipSync(buf, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length } }).length,
  };
}
const add = (a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli });
const readPkg = (f) => readFileSync(path.join(PKG, f));
// Every .js and .wasm of the package as published, by part: the core (what `init()` loads), the
// sign-in module (sign-in/, loaded on the first use of the sign-in API) and the password module
// (password/, loaded by a sign-in page's signIn).
function pkgFiles(dir, rel = '') {
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const f = path.posix.join(rel, e.name);
    if (e.isDirectory()) return pkgFiles(dir, f);
    return /\.(js|wasm)$/.test(e.name) ? [{ file: f, size: sizes(readFileSync(path.join(dir, f))) }] : [];
  });
}
// (only what package.json publishes: index.js bundles the glue, snippets and loader it was made from)
const published = JSON.parse(readFileSync(path.join(PKG, 'package.json'), 'utf8')).files ?? [];
const isPublished = (f) => published.some((p) => (p.endsWith('/') ? f.startsWith(p) : f === p));
const files = pkgFiles(PKG).filter((f) => isPublished(f.file));
const zero = { raw: 0, gzip: 0, brotli: 0 };
const part = (pred) => files.filter((f) => pred(f.file)).reduce((t, f) => add(t, f.size), zero);
const inSignIn = (f) => f.startsWith('sign-in/');
const inPassword = (f) => f.startsWith('password/');
const inCore = (f) => !inSignIn(f) && !inPassword(f);
const size = {
  wasm: part((f) => inCore(f) && f.endsWith('.wasm')),
  glue: part((f) => inCore(f) && f.endsWith('.js')),
  signInWasm: part((f) => inSignIn(f) && f.endsWith('.wasm')),
  signInGlue: part((f) => inSignIn(f) && f.endsWith('.js')),
  passwordWasm: part((f) => inPassword(f) && f.endsWith('.wasm')),
  passwordGlue: part((f) => inPassword(f) && f.endsWith('.js')),
  glueMin: sizes(readFileSync(path.join(OUT_DIR, BUNDLES.ours))),
  official: sizes(readFileSync(path.join(OUT_DIR, BUNDLES.official))),
  epilotSdk: sizes(readFileSync(path.join(OUT_DIR, BUNDLES.epilotSdk))),
  cognitoIdentity: sizes(readFileSync(path.join(OUT_DIR, BUNDLES.cognitoIdentity))),
};
size.officialWithSignIn = add(size.official, size.cognitoIdentity);
size.ours = add(size.wasm, size.glue);
size.oursMin = add(size.wasm, size.glueMin);
size.signIn = add(size.signInWasm, size.signInGlue);
size.password = add(size.passwordWasm, size.passwordGlue);

// ---------- environment ------------------------------------------------------------------------
function tryRun(cmd, args) {
  try { return execFileSync(cmd, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return null; }
}
const npmVersion = (p) => { try { return JSON.parse(readFileSync(path.join(ROOT, 'node_modules', p, 'package.json'), 'utf8')).version; } catch { return '?'; } };
const lockVersion = (crate) => [...readFileSync(path.join(ROOT, 'Cargo.lock'), 'utf8').matchAll(/name = "([^"]+)"\nversion = "([^"]+)"/g)].find((m) => m[1] === crate)?.[2] ?? '?';
const dirty = tryRun('git', ['status', '--porcelain', '--', 'src', 'Cargo.toml', 'Cargo.lock']);
const env = {
  date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  // A package built elsewhere (--pkg) names its commit in <pkg>/COMMIT; else the tree's HEAD.
  commit: existsSync(path.join(PKG, 'COMMIT'))
    ? `${readFileSync(path.join(PKG, 'COMMIT'), 'utf8').trim()} (from ${path.relative(ROOT, PKG)}/COMMIT)`
    : (tryRun('git', ['rev-parse', '--short', 'HEAD']) ?? '?') + (dirty ? ' (+ uncommitted changes in src/)' : ''),
  cpu: `${os.cpus()[0]?.model?.trim() ?? '?'}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} at start`,
  os: `${os.type()} ${os.release()} ${os.arch()}`,
  node: process.version,
  rustc: tryRun('rustc', ['--version']) ?? '?',
  wasmBindgen: lockVersion('wasm-bindgen'),
  wasmOpt: tryRun(path.join(ROOT, 'node_modules', '.bin', 'wasm-opt'), ['--version']) ?? '?',
  pkgVersion: JSON.parse(readPkg('package.json')).version,
  pkgDir: path.relative(ROOT, PKG) || '.',
  pkgBuilt: statSync(path.join(PKG, 'epilot_portal_sdk_bg.wasm')).mtime.toISOString().replace(/\.\d+Z$/, 'Z'),
  official: npmVersion('@epilot/customer-portal-client'),
  epilotSdk: npmVersion('@epilot/sdk'),
  cognitoIdentity: npmVersion('amazon-cognito-identity-js'),
  axios: npmVersion('axios'),
  oca: npmVersion('openapi-client-axios'),
  esbuild: esbuild.version,
  playwright: npmVersion('playwright-core'),
};

// ---------- browser runs -----------------------------------------------------------------------
const server = await startServer({ port: PORT, pkgDir: PKG });
log(`==> server ${server.url} (getContact ${server.bodies.contact.length} B, searchPortalUserEntities ${server.bodies.search.length} B)`);
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
env.chromium = browser.version();

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
  return { n: s.length, median: q(0.5), p90: q(0.9), min: s[0] };
};

async function freshPage() {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`  page error: ${e.message}`));
  return { context, page };
}

const results = { size, env, plan: PLAN };
try {
  // 1. init: fresh context (empty cache) per load, contenders in rotating order
  log(`==> init: ${PLAN.initLoads} fresh page loads per contender`);
  const initNames = ['ours', 'official', 'epilotSdk'];
  const init = Object.fromEntries(initNames.map((n) => [n, { initMs: [], firstCallMs: [] }]));
  for (let i = 0; i < PLAN.initLoads; i++) {
    for (let k = 0; k < initNames.length; k++) {
      const name = initNames[(i + k) % initNames.length];
      const { context, page } = await freshPage();
      await page.goto(`${server.url}/pages/init.html?c=${name}`);
      const r = await page.waitForFunction(() => window.__result, null, { timeout: 60000 }).then((h) => h.jsonValue());
      await context.close();
      if (r.error) throw new Error(`init ${name}: ${r.error}`);
      init[name].initMs.push(r.initMs);
      init[name].firstCallMs.push(r.firstCallMs);
    }
  }
  results.init = Object.fromEntries(Object.entries(init).map(([n, v]) => [n, { init: stats(v.initMs), firstCall: stats(v.firstCallMs) }]));

  // 2. latency: one page, the three contenders loaded side by side, interleaved rounds
  const names = ['raw', 'official', 'ours'];
  const { context, page } = await freshPage();
  await page.goto(`${server.url}/pages/bench.html`);
  await page.waitForFunction(() => window.__ready);
  results.isolated = await page.evaluate(() => self.crossOriginIsolated);
  await page.evaluate((n) => window.bench.load(n), names);
  const latency = {};
  for (const kind of ['small', 'large']) {
    log(`==> latency ${kind}: ${PLAN[kind].rounds} interleaved rounds (+${PLAN[kind].warmup} warm-up)`);
    const samples = await page.evaluate((a) => window.bench.latency(a), { names, kind, ...PLAN[kind] });
    latency[kind] = Object.fromEntries(Object.entries(samples).map(([n, v]) => [n, stats(v)]));
  }
  results.latency = latency;
  log(`==> where the time of the 1 MB call goes (${PLAN.breakdownReps} reps)`);
  results.breakdown = await page.evaluate((reps) => window.bench.breakdown({ reps }), PLAN.breakdownReps);
  await context.close();

  // 3. memory: a fresh page per contender; GC (CDP) before each reading
  const [m1, m2] = PLAN.memory;
  log(`==> memory after ${m1} and ${m2} calls`);
  results.memory = {};
  for (const name of ['ours', 'official', 'raw']) {
    const { context, page } = await freshPage();
    await page.goto(`${server.url}/pages/bench.html`);
    await page.waitForFunction(() => window.__ready);
    const cdp = await context.newCDPSession(page);
    const reading = async () => {
      for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      return { heap: usedSize, wasm: await page.evaluate((n) => window.bench.wasmBytes(n), name) };
    };
    await page.evaluate((n) => window.bench.load([n]), name); // 1 small + 1 large call
    await page.evaluate(([n, c]) => window.bench.calls(n, c), [name, m1 - 2]);
    const first = await reading();
    await page.evaluate(([n, c]) => window.bench.calls(n, c), [name, m2 - m1]);
    const second = await reading();
    results.memory[name] = { first, second };
    await context.close();
  }

  // 4. what each portal page downloads, and SRP sign-in latency, against the local Cognito emulator
  log('==> downloads per page (data, sign-in, signed-in) and SRP sign-in latency');
  const cognito = await startCognito(ROOT);
  try {
    results.downloads = await measureDownloads({ browser, serverUrl: server.url, cognito });
    log(`==> SRP sign-in: ${PLAN.srpRounds} interleaved rounds`);
    const srp = await measureSrp({ browser, serverUrl: server.url, cognito, rounds: PLAN.srpRounds });
    results.srp = Object.fromEntries(Object.entries(srp).map(([n, v]) => [n, stats(v)]));
  } finally {
    await cognito.stop();
  }
} finally {
  await browser.close();
  await server.close();
}

// ---------- report -----------------------------------------------------------------------------
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const ms = (n) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const x = (a, b) => `${(a / b).toFixed(2)}×`;
const table = (head, rows) => [`| ${head.join(' | ')} |`, `| ${head.map((h, i) => (i ? '---:' : '---')).join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const L = results.latency;
const sizeRow = (label, s) => [label, kb(s.raw), kb(s.gzip), kb(s.brotli)];
const pass = (ok) => (ok ? '**met**' : '**missed**');

const md = [];
md.push(`## Size (shipped bytes)

${table(['', 'raw', 'gzip -9', 'brotli (q 11)'], [
  sizeRow('epilot-portal-sdk core `.wasm`', size.wasm),
  sizeRow('epilot-portal-sdk core JS as in `pkg/` (index.js: glue, snippets, operation methods, sign-in loader; bundled, minified)', size.glue),
  sizeRow('**epilot-portal-sdk core total** (what `init()` loads)', size.ours),
  sizeRow('epilot-portal-sdk core JS bundled by an app (esbuild --bundle --minify)', size.glueMin),
  sizeRow('epilot-portal-sdk core total, bundled', size.oursMin),
  sizeRow('sign-in module `.wasm` (`sign-in/`, loaded on first use)', size.signInWasm),
  sizeRow('sign-in module JS (`sign-in/`)', size.signInGlue),
  sizeRow('**sign-in module total**', size.signIn),
  sizeRow('password module `.wasm` (`password/`, loaded by a sign-in page\'s `signIn`)', size.passwordWasm),
  sizeRow('password module JS (`password/`)', size.passwordGlue),
  sizeRow('**password module total**', size.password),
  sizeRow(`@epilot/customer-portal-client ${env.official}, esbuild --bundle --minify`, size.official),
  sizeRow(`@epilot/sdk ${env.epilotSdk} \`/customer-portal\`, esbuild --bundle --minify`, size.epilotSdk),
  sizeRow(`amazon-cognito-identity-js ${env.cognitoIdentity} (SRP sign-in), esbuild --bundle --minify`, size.cognitoIdentity),
  sizeRow(`@epilot/customer-portal-client + amazon-cognito-identity-js`, size.officialWithSignIn),
])}

KB = 1,000 bytes. Files on disk, each compressed on its own; what a page really downloads is in the next section. Published figures for comparison:
@epilot/customer-portal-client 298.6 KB minified / 68.2 KB gzipped; @epilot/sdk customer-portal 4.87 MB / 733.7 KB.`);

const D = results.downloads;
const pageFiles = (p) => p.files.map((f) => `\`${f.file}\` ${kb(f.gzip)}`).join(', ');
md.push(`## Download per page (recorded in the browser)

What the browser fetched from the package, served from \`pkg/\` as published (no bundler), in a
fresh browser context per page; each file compressed on its own (gzip -9, brotli q 11) as a server
would send it. The API and Cognito requests of the page are not counted.

${table(['page', 'files', 'raw', 'gzip -9', 'brotli'], [
  ['**data page**: import, \`init()\`, \`new PortalClient\`, one call', D.data.files.length, kb(D.data.total.raw), `**${kb(D.data.total.gzip)}**`, kb(D.data.total.brotli)],
  ['**signed-in page**: new page load, \`configureAuth\` restores the session from \`localStorage\` (access token expired: one \`REFRESH_TOKEN_AUTH\`), one call', D.signedIn.files.length, kb(D.signedIn.total.raw), `**${kb(D.signedIn.total.gzip)}**`, kb(D.signedIn.total.brotli)],
  ['**sign-in page**: the data page, then \`configureAuth\` + \`signIn\` (SRP), one call', D.signIn.files.length, kb(D.signIn.total.raw), `**${kb(D.signIn.total.gzip)}**`, kb(D.signIn.total.brotli)],
  ['@epilot/customer-portal-client (bundled), for comparison', 1, kb(size.official.raw), kb(size.official.gzip), kb(size.official.brotli)],
  ['… + amazon-cognito-identity-js (bundled)', 2, kb(size.officialWithSignIn.raw), kb(size.officialWithSignIn.gzip), kb(size.officialWithSignIn.brotli)],
])}

Files (gzip -9): data page ${pageFiles(D.data)}; signed-in page ${pageFiles(D.signedIn)}; sign-in page ${pageFiles(D.signIn)}.`);

const S = results.srp;
md.push(`## SRP sign-in latency

\`signIn\` (USER_SRP_AUTH: InitiateAuth, the client's SRP maths, RespondToAuthChallenge) against the
local Cognito emulator (scripts/cognito-local.mjs, which verifies the proof for real), ours and
amazon-cognito-identity-js \`authenticateUser\` in the same page, ${PLAN.srpRounds} interleaved rounds after one warm-up each. ms.

${table(['', 'median', 'p90', 'min'], [
  ['**epilot-portal-sdk** \`signIn\`', ms(S.ours.median), ms(S.ours.p90), ms(S.ours.min)],
  ['amazon-cognito-identity-js `authenticateUser`', ms(S.theirs.median), ms(S.theirs.p90), ms(S.theirs.min)],
])}

Ours/theirs: ${x(S.ours.median, S.theirs.median)}.`);

const I = results.init;
md.push(`## Init: from \`import()\` to a client ready for its first call

Median (p90) of ${PLAN.initLoads} fresh page loads each (new browser context: empty cache, so the download and compile are in it), contenders in rotating order.

${table(['', 'init median', 'init p90', 'first call (getContact) median'], [
  ['epilot-portal-sdk (`await init()` + `new PortalClient()`)', ms(I.ours.init.median), ms(I.ours.init.p90), ms(I.ours.firstCall.median)],
  ['@epilot/customer-portal-client (`getClient()`)', ms(I.official.init.median), ms(I.official.init.p90), ms(I.official.firstCall.median)],
  ['@epilot/sdk/customer-portal (`getClient()`)', ms(I.epilotSdk.init.median), ms(I.epilotSdk.init.p90), ms(I.epilotSdk.firstCall.median)],
])}

ms. Ours/official init: ${x(I.ours.init.median, I.official.init.median)}.`);

const latRows = (kind) => [
  ['raw `fetch` + `res.json()`', ms(L[kind].raw.median), ms(L[kind].raw.p90), '1.00×', ''],
  [`@epilot/customer-portal-client`, ms(L[kind].official.median), ms(L[kind].official.p90), x(L[kind].official.median, L[kind].raw.median), ''],
  ['**epilot-portal-sdk**', ms(L[kind].ours.median), ms(L[kind].ours.p90), x(L[kind].ours.median, L[kind].raw.median), `${x(L[kind].ours.median, L[kind].official.median)} (p90 ${x(L[kind].ours.p90, L[kind].official.p90)})`],
];
md.push(`## Per-call latency

One page, all three loaded; interleaved rounds (each round one call per contender, the order rotating).
Cross-origin isolated page: ${results.isolated ? 'yes (5 µs timer)' : 'NO (100 µs timer)'}. ms.

**Small: \`getContact\`, ${server.bodies.contact.length} B, ${PLAN.small.rounds} rounds**

${table(['', 'median', 'p90', 'median / raw', 'ours / official'], latRows('small'))}

**Large: \`searchPortalUserEntities\`, ${server.bodies.search.length.toLocaleString('en')} B (1,000 entities), ${PLAN.large.rounds} rounds**

${table(['', 'median', 'p90', 'median / raw', 'ours / official'], latRows('large'))}

Ours/raw p90: small ${x(L.small.ours.p90, L.small.raw.p90)}, large ${x(L.large.ours.p90, L.large.raw.p90)}.`);

const B = results.breakdown.medians;
md.push(`## Where the time of the 1 MB call goes

Each step timed alone in the page with the browser's own APIs (median of ${PLAN.breakdownReps}), ms.

${table(['step', 'ms'], [
  ['request until response headers (`await fetch()`)', ms(B.headers)],
  ['read body + UTF-8 decode (`await res.text()`)', ms(B.text)],
  ['read body, decoded chunk by chunk while it arrives (`TextDecoder` stream; what src/js/transport.js does)', ms(B.streamText)],
  ['parse + build the JS objects (`JSON.parse(text)`)', ms(B.parse)],
  [`*not done by us:* copy the text into wasm memory (UTF-16 → UTF-8, ${results.breakdown.bytes.toLocaleString('en')} B; what \`passStringToWasm\` costs)`, ms(B.copyIn)],
  ['*not done by us:* copy JSON text back out of wasm memory (`TextDecoder`, what `getStringFromWasm` costs)', ms(B.copyOut)],
  ['whole call: raw `fetch` + `res.json()`', ms(B.rawJson)],
  ['whole call: epilot-portal-sdk', B.ours !== undefined ? ms(B.ours) : '–'],
])}
${B.altParseTyped === undefined ? '\nThe designs not chosen are measured when `bash bench/alt/build.sh` has been run (not in this run).' : `
The designs not chosen, measured on the same text with real wasm (bench/alt: the SDK's generated
models, serde_json, serde-wasm-bindgen, release profile like the SDK's). Each replaces the
\`JSON.parse\` step above (${ms(B.parse)} ms):

${table(['design (all start from the body as a JS string)', 'ms', 'vs JSON.parse'], [
  ['copy into wasm only (\`String::from(&JsString)\`)', ms(B.altCopyIn), x(B.altCopyIn, B.parse)],
  ['copy + serde_json into an untyped \`serde_json::Value\`', ms(B.altParseValue), x(B.altParseValue, B.parse)],
  ['copy + serde_json into the typed models (\`SearchPortalUserEntitiesResponse\`, unknown fields kept)', ms(B.altParseTyped), x(B.altParseTyped, B.parse)],
  ['… + JS objects built from Rust (serde-wasm-bindgen, plain objects)', ms(B.altTypedToJs), x(B.altTypedToJs, B.parse)],
  ['… + JSON text back out + \`JSON.parse\`', ms(B.altTypedToText), x(B.altTypedToText, B.parse)],
  ['**shipped: \`JSON.parse\` on the JS string (typed by the .d.ts)**', ms(B.parse), '1.00×'],
])}`}`);

const M = results.memory;
const [m1, m2] = PLAN.memory;
const growth = M.ours.second.wasm - M.ours.first.wasm;
md.push(`## Memory

A fresh page per contender, \`getContact\` in a loop; readings after a forced GC (CDP \`HeapProfiler.collectGarbage\`, \`Runtime.getHeapUsage\`).

${table(['', `wasm memory after ${m1}`, `after ${m2.toLocaleString('en')}`, `JS heap after ${m1}`, `after ${m2.toLocaleString('en')}`, 'JS heap growth'], [
  ['**epilot-portal-sdk**', kb(M.ours.first.wasm), kb(M.ours.second.wasm), kb(M.ours.first.heap), kb(M.ours.second.heap), kb(M.ours.second.heap - M.ours.first.heap)],
  ['@epilot/customer-portal-client', '–', '–', kb(M.official.first.heap), kb(M.official.second.heap), kb(M.official.second.heap - M.official.first.heap)],
  ['raw `fetch`', '–', '–', kb(M.raw.first.heap), kb(M.raw.second.heap), kb(M.raw.second.heap - M.raw.first.heap)],
])}

Wasm memory growth between ${m1} and ${m2.toLocaleString('en')} calls: ${growth} bytes (${growth / 65536} pages of 64 KiB).`);

const page = (label, p, [max, goal]) => [`${label} ≤ ${kb(max)} gzip (goal ≤ ${kb(goal)})`, kb(p.total.gzip), `${pass(p.total.gzip <= max)}${p.total.gzip <= goal ? ', goal met' : ', goal missed'}`];
md.push(`## Targets

${table(['target', 'measured', ''], [
  page('data page download', D.data, TARGETS.dataPage),
  page('signed-in page download', D.signedIn, TARGETS.signedInPage),
  page('sign-in page download', D.signIn, TARGETS.signInPage),
  ['sign-in page below official client + amazon-cognito-identity-js', `${kb(D.signIn.total.gzip)} vs ${kb(size.officialWithSignIn.gzip)}`, pass(D.signIn.total.gzip < size.officialWithSignIn.gzip)],
  ['SRP sign-in no slower than amazon-cognito-identity-js (median)', `${ms(S.ours.median)} vs ${ms(S.theirs.median)} ms`, pass(S.ours.median <= S.theirs.median)],
  ['small call faster than the official client', `${ms(L.small.ours.median)} vs ${ms(L.small.official.median)} ms`, pass(L.small.ours.median < L.small.official.median)],
  ['large call faster than the official client', `${ms(L.large.ours.median)} vs ${ms(L.large.official.median)} ms`, pass(L.large.ours.median < L.large.official.median)],
  ['small call ≤ 1.10× raw fetch (goal 1.05×)', x(L.small.ours.median, L.small.raw.median), `${pass(L.small.ours.median <= TARGETS.smallVsRawMax * L.small.raw.median)}${L.small.ours.median <= TARGETS.smallVsRawGoal * L.small.raw.median ? ', goal met' : ', goal missed'}`],
  ['1 MB call ≤ 1.0× raw fetch', x(L.large.ours.median, L.large.raw.median), pass(L.large.ours.median <= TARGETS.largeVsRawMax * L.large.raw.median)],
  ['init no slower than the official client', `${ms(I.ours.init.median)} vs ${ms(I.official.init.median)} ms`, pass(I.ours.init.median <= I.official.init.median)],
  [`memory: wasm growth ${m1} → ${m2.toLocaleString('en')} calls ≤ one 64 KiB page`, `${growth} B`, pass(growth <= TARGETS.wasmGrowthMax)],
])}`);

const envMd = `## Machine and versions

${table(['', ''], [
  ['date', env.date],
  ['machine', `${env.cpu}; ${env.os}`],
  ['browser', `Chromium ${env.chromium} (headless, playwright-core ${env.playwright})`],
  ['epilot-portal-sdk', `${env.pkgVersion}, commit ${env.commit}, ${env.pkgDir} built ${env.pkgBuilt}`],
  ['toolchain', `${env.rustc}; wasm-bindgen ${env.wasmBindgen}; ${env.wasmOpt}; node ${env.node}; esbuild ${env.esbuild}`],
  ['official clients', `@epilot/customer-portal-client ${env.official}, @epilot/sdk ${env.epilotSdk} (axios ${env.axios}, openapi-client-axios ${env.oca})`],
  ['server', `node http on 127.0.0.1, same origin as the page, precomputed bodies (bench/data.mjs)`],
])}`;

const body = md.join('\n\n');
log('\n' + envMd + '\n\n' + body + '\n');

if (WRITE) {
  const notesFile = path.join(HERE, 'NOTES.md');
  const notes = existsSync(notesFile) ? readFileSync(notesFile, 'utf8').trim() : '';
  const doc = `# Benchmarks

Generated by \`npm run bench\` (bench/run.mjs)${SMOKE ? ' — SMOKE PASS (few rounds; figures not meaningful)' : ''}; edit bench/NOTES.md, not this file.

This file: \`node bench/run.mjs ${process.argv.slice(2).join(' ')}\`. Reproduce:

\`\`\`sh
npm ci
source scripts/lib.sh && sdk_env && npm run build   # pkg/: the core, the sign-in and password modules
npm run bench                      # this file (~6 min on 2 busy cores); --smoke for a short pass
# the same from a clean checkout while the tree has unfinished work:
git archive HEAD | tar -x -C /tmp/sdk && cd /tmp/sdk && bash scripts/build-package.sh <repo>/target/bench/pkg   # then write the commit to <pkg>/COMMIT
cd <repo> && node bench/run.mjs --pkg target/bench/pkg
bash bench/alt/build.sh            # the rows for the designs not chosen (once; a few minutes)
bash bench/size-analysis.sh        # what each part of the .wasm costs (twiggy); SRC=<checkout> for another tree
\`\`\`

${envMd}

${body}
${notes ? `\n${notes}\n` : ''}`;
  mkdirSync(path.dirname(OUT_FILE), { recursive: true });
  writeFileSync(OUT_FILE, doc);
  writeFileSync(path.join(ROOT, 'target', 'bench', SMOKE ? 'results.smoke.json' : 'results.json'), JSON.stringify(results, null, 2));
  log(`==> wrote ${path.relative(ROOT, OUT_FILE)}`);
}
