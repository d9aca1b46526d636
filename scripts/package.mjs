#!/usr/bin/env node
// scripts/package.mjs: turns wasm-pack's `pkg/` into the npm package `epilot-portal-sdk`.
//
// Usage (after scripts/build-package.sh's two wasm-pack builds, or one
// `wasm-pack build --target web --release` for a single module with sign-in inside):
//   node scripts/package.mjs [--pkg <dir>]        (default: <repo>/pkg)
//
// What it does (idempotent: running it twice gives the same files):
//   * rewrites pkg/package.json (name, version from Cargo.toml, exports map, files, sideEffects, ...)
//   * writes pkg/index.js: the glue's exports + `PortalApiError` from the wasm-bindgen snippet
//     (the class lives in a snippet file that the glue imports but does not re-export)
//   * writes pkg/index.d.ts: re-exports the generated .d.ts (which already declares
//     `PortalApiError` and `PortalApiErrorCode` through a typescript_custom_section)
//   * makes the glue's .d.ts compile without lib esnext.disposable (scripts/dts-disposable.mjs)
//   * copies README.md and LICENSE (when present) from the repo root
//   * with a sign-in module in <pkg>/sign-in/ (the core built without `sign-in`): keeps only its
//     glue, .wasm and snippets there, copies src/js/sign_in.js (the loader) beside index.js, and
//     index.js installs the sign-in methods on PortalClient
//   * minifies the JS wasm-bindgen wrote (glue and snippets; esbuild, whitespace/syntax/identifiers,
//     exports kept): the page fetches them as they are, with no bundler in between
// Fails loudly (exit 1) when pkg/ or one of the files it needs is missing.

import { readFileSync, writeFileSync, existsSync, readdirSync, copyFileSync, statSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { disposableWhereTyped } from './dts-disposable.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NAME = 'epilot-portal-sdk';
const GLUE = 'epilot_portal_sdk.js';
const GLUE_DTS = 'epilot_portal_sdk.d.ts';
const WASM = 'epilot_portal_sdk_bg.wasm';
const WASM_DTS = 'epilot_portal_sdk_bg.wasm.d.ts';
const ERROR_SNIPPET = 'src/js/portal_api_error.js';

function die(msg) {
  console.error(`package.mjs: ERROR: ${msg}`);
  process.exit(1);
}

function parseArgs(argv) {
  let pkg = path.join(ROOT, 'pkg');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--pkg' && i + 1 < argv.length) pkg = path.resolve(argv[++i]);
    else if (argv[i].startsWith('--pkg=')) pkg = path.resolve(argv[i].slice(6));
    else die(`unknown argument ${argv[i]} (usage: node scripts/package.mjs [--pkg <dir>])`);
  }
  return pkg;
}

const PKG = parseArgs(process.argv.slice(2));

// ---- checks ---------------------------------------------------------------------------------
if (!existsSync(PKG) || !statSync(PKG).isDirectory()) {
  die(`${PKG} does not exist: run \`wasm-pack build --target web --release\` first`);
}
for (const f of [GLUE, GLUE_DTS, WASM, 'package.json']) {
  if (!existsSync(path.join(PKG, f))) {
    die(`${path.join(PKG, f)} is missing: run \`wasm-pack build --target web --release\` first`);
  }
}

// ---- version (and metadata) from Cargo.toml's [package] -------------------------------------
function cargoPackage() {
  const toml = readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8');
  const out = {};
  let inPackage = false;
  for (const raw of toml.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('[')) {
      inPackage = line === '[package]';
      continue;
    }
    if (!inPackage) continue;
    const m = /^([A-Za-z_-]+)\s*=\s*(.+)$/.exec(line);
    if (!m) continue;
    const value = m[2].trim();
    if (value.startsWith('"')) out[m[1]] = JSON.parse(value.replace(/\s*#.*$/, ''));
    else if (value.startsWith('[')) {
      try { out[m[1]] = JSON.parse(value); } catch { /* not a plain string array: ignore */ }
    }
  }
  return out;
}

const cargo = cargoPackage();
if (!cargo.version || !/^\d+\.\d+\.\d+/.test(cargo.version)) {
  die('could not read [package] version from Cargo.toml');
}

// ---- the snippet holding PortalApiError --------------------------------------------------------
// wasm-bindgen copies `#[wasm_bindgen(module = "/src/js/portal_api_error.js")]` to
// pkg/snippets/<crate>-<hash>/src/js/portal_api_error.js; the hash changes with the build.
function findErrorSnippet() {
  const snippets = path.join(PKG, 'snippets');
  if (!existsSync(snippets)) {
    die(`${snippets} is missing: the build did not emit the PortalApiError snippet (${ERROR_SNIPPET})`);
  }
  const found = readdirSync(snippets)
    .filter((d) => existsSync(path.join(snippets, d, ERROR_SNIPPET)))
    .sort();
  if (found.length === 0) {
    die(`no snippets/*/${ERROR_SNIPPET} under ${snippets} (found: ${readdirSync(snippets).join(', ') || 'nothing'})`);
  }
  if (found.length > 1) {
    // wasm-pack does not empty pkg/snippets/: a rebuild after a change leaves the earlier
    // build's <crate>-<hash> folder, which `files: snippets/` would ship. Keep the one this
    // build's glue imports, drop the others.
    const glueText = readFileSync(path.join(PKG, GLUE), 'utf8');
    const current = found.filter((d) => glueText.includes(`snippets/${d}/`));
    if (current.length !== 1) die(`more than one snippets/*/${ERROR_SNIPPET} (${found.join(', ')}) and the glue imports ${current.length} of them; rebuild pkg/ from scratch`);
    for (const d of readdirSync(snippets)) {
      if (d !== current[0]) rmSync(path.join(snippets, d), { recursive: true, force: true });
    }
    console.log(`package.mjs: removed snippets of an earlier build (kept ${current[0]}, the one the glue imports)`);
    found.splice(0, found.length, current[0]);
  }
  const rel = `./snippets/${found[0]}/${ERROR_SNIPPET}`;
  const src = readFileSync(path.join(PKG, rel), 'utf8');
  // (`export class PortalApiError`, or `export{x as PortalApiError}` once minified by an earlier run)
  if (!/export class PortalApiError\b|\bas PortalApiError\b/.test(src)) die(`${rel} does not export class PortalApiError`);
  return rel;
}

const snippet = findErrorSnippet();

// The glue must import the same snippet file, or `instanceof PortalApiError` would not hold
// for the errors the SDK throws (two copies of the class).
const glue = readFileSync(path.join(PKG, GLUE), 'utf8');
if (!glue.includes(snippet.slice(2))) {
  die(`${GLUE} does not import ${snippet}: the re-exported PortalApiError would be a different class`);
}

const dts = readFileSync(path.join(PKG, GLUE_DTS), 'utf8');
for (const decl of ['class PortalApiError', 'type PortalApiErrorCode', 'class PortalClient']) {
  if (!dts.includes(decl)) die(`${GLUE_DTS} does not declare \`${decl}\``);
}

// ---- types that compile on the default libs (no esnext.disposable): scripts/dts-disposable.mjs
try {
  writeFileSync(path.join(PKG, GLUE_DTS), disposableWhereTyped(dts));
} catch (e) {
  die(`${GLUE_DTS}: ${e.message}`);
}

// ---- the sign-in module (split build) -------------------------------------------------------------
const SIGN_IN_DIR = path.join(PKG, 'sign-in');
const SIGN_IN_GLUE = 'epilot_portal_sdk_sign_in.js';
const LOADER = 'sign_in.js';
const split = existsSync(path.join(SIGN_IN_DIR, SIGN_IN_GLUE));
const inCore = /\bconfigureAuth\(/.test(glue); // the glue has the method when sign-in is in the core
if (split === inCore) {
  die(split
    ? `${GLUE} has configureAuth although sign-in/ holds the sign-in module: build the core with --no-default-features --features js (scripts/build-package.sh)`
    : `the sign-in API is neither in the core nor in ${path.join(SIGN_IN_DIR, SIGN_IN_GLUE)}: run scripts/build-package.sh`);
}
if (split) {
  for (const f of readdirSync(SIGN_IN_DIR)) {
    if (!['epilot_portal_sdk_sign_in.js', 'epilot_portal_sdk_sign_in_bg.wasm', 'snippets'].includes(f)) rmSync(path.join(SIGN_IN_DIR, f), { recursive: true });
  }
  if (!/from\s*["']\.\.\/index\.js["']/.test(readFileSync(path.join(SIGN_IN_DIR, SIGN_IN_GLUE), 'utf8'))) {
    die(`sign-in/${SIGN_IN_GLUE} does not take PortalApiError from ../index.js`);
  }
  copyFileSync(path.join(ROOT, 'src', 'js', LOADER), path.join(PKG, LOADER));
}

// ---- index.js / index.d.ts ---------------------------------------------------------------------
const HEADER = '// Generated by scripts/package.mjs: the package entry point. Do not edit.\n';
const indexJs = HEADER + (split
  ? `import { PortalClient } from './${GLUE}';\n` +
    `import { PortalApiError } from '${snippet}';\n` +
    `import { installSignIn } from './${LOADER}';\n` +
    `export * from './${GLUE}';\n` +
    `export { default } from './${GLUE}';\n` +
    `export { PortalApiError };\n` +
    `installSignIn(PortalClient, PortalApiError);\n`
  : `export * from './${GLUE}';\n` +
    `export { default } from './${GLUE}';\n` +
    `export { PortalApiError } from '${snippet}';\n`);
// The .d.ts already declares PortalApiError (typescript_custom_section in src/js/error.rs),
// so `export *` covers it; `default` (the init function) needs its own line.
const indexDts = HEADER +
  `export * from './${GLUE}';\n` +
  `export { default } from './${GLUE}';\n`;

writeFileSync(path.join(PKG, 'index.js'), indexJs);

// ---- minify the JS ------------------------------------------------------------------------------
// A page that imports the package without a bundler downloads these files as they are: 86 KB of
// readable glue is 10.6 KB gzip, minified 6.8 KB. Exported names, import paths and
// `import.meta.url` are untouched, so the files behave the same.
async function minifyJs(dir) {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    die('esbuild is missing (a devDependency): run npm ci');
  }
  const files = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.js') && !(d === PKG && e.name === 'index.js')) files.push(p);
    }
  };
  walk(dir);
  for (const file of files) {
    const out = await esbuild.transform(readFileSync(file, 'utf8'), { minify: true, format: 'esm', legalComments: 'none' });
    writeFileSync(file, out.code);
  }
  return files.length;
}
const minified = await minifyJs(PKG);
writeFileSync(path.join(PKG, 'index.d.ts'), indexDts);

// `import wasmUrl from 'epilot-portal-sdk/epilot_portal_sdk_bg.wasm'` with a bundler that
// imports files as URLs (esbuild `--loader:.wasm=file`): typed as the string it is there.
const WASM_URL_DTS = 'epilot_portal_sdk_bg.wasm.url.d.ts';
writeFileSync(path.join(PKG, WASM_URL_DTS), HEADER +
  "// The .wasm's URL, for bundlers that import files as URLs: `await init({ module_or_path: wasmUrl })`.\n" +
  'declare const wasmUrl: string;\nexport default wasmUrl;\n');

// ---- README / LICENSE ------------------------------------------------------------------------
const copied = [];
for (const f of ['README.md', 'LICENSE']) {
  const from = path.join(ROOT, f);
  if (existsSync(from)) {
    copyFileSync(from, path.join(PKG, f));
    copied.push(f);
  } else {
    console.warn(`package.mjs: warning: ${f} not found in the repo root: not copied`);
  }
}

// ---- package.json ----------------------------------------------------------------------------
const files = [
  WASM,
  WASM_DTS,
  WASM_URL_DTS,
  GLUE,
  GLUE_DTS,
  'index.js',
  'index.d.ts',
  'snippets/',
  ...(split ? [LOADER, 'sign-in/'] : []),
].filter((f) => f.endsWith('/') || existsSync(path.join(PKG, f)));
for (const f of copied) files.push(f);

const pkgJson = {
  name: NAME,
  version: cargo.version,
  description: cargo.description || 'Typed Rust and WebAssembly SDK for the epilot Customer Portal API',
  license: 'MIT',
  repository: { type: 'git', url: `git+${cargo.repository || 'https://github.com/epilot-portal-sdk/epilot-portal-sdk'}.git` },
  keywords: ['epilot', 'customer-portal', 'sdk', 'wasm', 'webassembly', 'typescript'],
  type: 'module',
  main: 'index.js',
  module: 'index.js',
  types: 'index.d.ts',
  exports: {
    '.': { types: './index.d.ts', default: './index.js' },
    [`./${WASM}`]: { types: `./${WASM_URL_DTS}`, default: `./${WASM}` },
    './package.json': './package.json',
  },
  // sideEffects: false. Importing any file of this package changes nothing outside it: the
  // wasm-bindgen glue (--target web) at its top level only defines functions and classes,
  // creates its own caches (TextDecoder/TextEncoder, FinalizationRegistry) and patches its own
  // objects (PortalClient.prototype[Symbol.dispose], encodeInto on its own TextEncoder); it loads
  // and instantiates nothing until `init()` is called. The snippet (portal_api_error.js) only
  // declares the PortalApiError class and a factory; index.js only re-exports. So a bundler may
  // drop every import whose bindings are unused. (wasm-pack's default, ["./snippets/*"], would
  // keep the snippet for nothing.)
  // With the sign-in module, index.js installs the sign-in methods on PortalClient when it is
  // evaluated: that one file has a side effect.
  sideEffects: split ? ['./index.js'] : false,
  files,
};

writeFileSync(path.join(PKG, 'package.json'), JSON.stringify(pkgJson, null, 2) + '\n');

console.log(`package.mjs: ${NAME}@${cargo.version} ready in ${path.relative(process.cwd(), PKG) || '.'}`);
console.log(`  entry index.js (+ PortalApiError from ${snippet}), types index.d.ts, ${minified} JS files minified, files: ${files.join(' ')}`);
