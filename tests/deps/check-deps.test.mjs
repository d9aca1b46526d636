// scripts/check-deps.mjs on small made-up repos: an unused Cargo or npm dependency fails the
// check with its name; used ones (by path, `use`, import, command, peer, @types) pass.
//   node --test tests/deps/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scripts/check-deps.mjs');

function repo(files) {
  const dir = mkdtempSync(path.join(tmpdir(), 'check-deps-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  const r = spawnSync(process.execPath, [SCRIPT, '--root', dir], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  return { code: r.status, out: r.stdout + r.stderr };
}

const cargo = (deps, dev = '') => `[package]\nname = "x"\nversion = "0.1.0"\n\n[dependencies]\n${deps}\n\n[dev-dependencies]\n${dev}\n`;
const lock = (pkgs) => JSON.stringify({ lockfileVersion: 3, packages: { '': {}, ...pkgs } });

test('a used Cargo dependency passes; path, use, derive path and renamed forms count', () => {
  const r = repo({
    'Cargo.toml': cargo('serde = "1"\nserde-json = { package = "serde_json", version = "1" }\njs-sys = "0.3"', 'proptest = "1"'),
    'src/lib.rs': 'use js_sys::Array;\n#[derive(serde::Serialize)] struct A;\nfn f() { serde_json::to_string(&1); }',
    'tests/t.rs': 'use proptest::prelude::*;',
  });
  assert.equal(r.code, 0, r.out);
});

test('an unused Cargo dependency fails, also when only a comment names it', () => {
  const r = repo({
    'Cargo.toml': cargo('serde = "1"\nserde-wasm-bindgen = "0.6"'),
    'src/lib.rs': '// serde_wasm_bindgen::to_value was used here once\n#[derive(serde::Serialize)] struct A;',
  });
  assert.equal(r.code, 1);
  assert.match(r.out, /serde-wasm-bindgen: not used/);
  assert.doesNotMatch(r.out, /\bserde: not used/);
});

test('a dev-dependency must be used by tests, a normal one by src', () => {
  const r = repo({ 'Cargo.toml': cargo('base64 = "0.22"', 'gloo-net = "0.7"'), 'tests/t.rs': 'use base64::Engine;' });
  assert.equal(r.code, 1);
  assert.match(r.out, /\[dependencies\] base64: not used/);
  assert.match(r.out, /\[dev-dependencies\] gloo-net: not used/);
});

test('a normal dependency that only tests use is reported as one for [dev-dependencies]', () => {
  const r = repo({
    'Cargo.toml': cargo('serde = "1"\nserde-wasm-bindgen = "0.6"'),
    'src/lib.rs': '#[derive(serde::Serialize)] struct A;',
    'tests/common/mod.rs': 'fn f(v: JsValue) { serde_wasm_bindgen::from_value::<u8>(v); }',
  });
  assert.equal(r.code, 1);
  assert.match(r.out, /serde-wasm-bindgen: not used in .*belongs in \[dev-dependencies\]/);
});

test('the allow list keeps a dependency with a reason', () => {
  const r = repo({
    'Cargo.toml': cargo('getrandom = "0.2"') + '\n[package.metadata.check-deps]\nallow = { getrandom = "enables the js feature" }\n',
    'src/lib.rs': '',
  });
  assert.equal(r.code, 0, r.out);
});

test('npm: imported, run as a command, peer of a used package and @types of a used package pass', () => {
  const r = repo({
    'package.json': JSON.stringify({ scripts: { build: 'webpack --mode production' }, devDependencies: { webpack: '5', 'webpack-cli': '6', react: '19', '@types/react': '19', vite: '8' } }),
    'package-lock.json': lock({
      'node_modules/webpack': { bin: { webpack: 'bin/webpack.js' }, peerDependenciesMeta: { 'webpack-cli': { optional: true } } },
      'node_modules/webpack-cli': { bin: { 'webpack-cli': 'bin/cli.js' } },
      'node_modules/vite': { bin: { vite: 'bin/vite.js' } },
    }),
    'src/main.jsx': "import { useState } from 'react';",
    'build.sh': 'cd app && vite build\n',
  });
  assert.equal(r.code, 0, r.out);
});

test('npm: a package nothing imports or runs fails, each folder judged by its own code', () => {
  const r = repo({
    'package.json': JSON.stringify({ devDependencies: { 'left-pad': '1', esbuild: '0.28' } }),
    'package-lock.json': lock({ 'node_modules/esbuild': { bin: { esbuild: 'bin/esbuild' } } }),
    'run.mjs': "import { build } from 'esbuild';",
    'app/package.json': JSON.stringify({ dependencies: { esbuild: '0.28' } }),
    'app/package-lock.json': lock({ 'node_modules/esbuild': { bin: { esbuild: 'bin/esbuild' } } }),
    'app/notes.md': 'esbuild is great',
  });
  assert.equal(r.code, 1);
  assert.match(r.out, /package\.json: left-pad is not imported/);
  assert.match(r.out, /app\/package\.json: esbuild is not imported/);
  assert.doesNotMatch(r.out, /^ {2}- package\.json: esbuild/m);
});
