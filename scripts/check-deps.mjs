#!/usr/bin/env node
// scripts/check-deps.mjs: fails when a declared dependency is not used by the code.
//
//   node scripts/check-deps.mjs [--root DIR]   (default: this repo; reads files only, no network)
//
// Cargo: every crate's Cargo.toml in the repo (the workspace's members and bench/alt). A crate listed under
//   [dependencies] / [build-dependencies] (also target-specific ones) must be named in that
//   package's src/ or build.rs; one under [dev-dependencies] in its tests/, benches/, examples/
//   or src/. "Named" means `name::`, `use name`, `extern crate name` or `#[name::…]` in code
//   (comments are ignored; `-` in a crate name is `_` in code; `package = "…"` renames count).
// npm: every package.json with a package-lock.json beside it (the repo root and its
//   subfolders, not node_modules). A package is used when the code of that folder imports it
//   (`from 'x'`, `import('x')`, `require('x')`, also `x/sub`), names a file of it
//   (`node_modules/x/`), or runs one of its commands (the lock's `bin`: a word in a shell
//   script, a package.json script, or `node_modules/.bin/<bin>`, also as path.join parts). Also used: `@types/x` when x
//   is used, and a package that a used package declares as a peer (webpack-cli for webpack).
// A dependency that must stay though no code names it goes in the folder's package.json
// (npm) or Cargo.toml (Cargo) allow list with the reason:
//   "checkDeps": { "allow": { "name": "why" } }            package.json
//   [package.metadata.check-deps] allow = { name = "why" }   Cargo.toml
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const rootArg = process.argv.indexOf('--root');
const ROOT = rootArg > 0 && process.argv[rootArg + 1]
  ? path.resolve(process.argv[rootArg + 1])
  : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SKIP_DIRS = new Set(['node_modules', 'target', 'pkg', 'dist', '.git', '.next', '.cognito', 'artifacts']);
const problems = [];
let checked = 0;

function walk(dir, exts, out = []) {
  if (!existsSync(dir)) return out;
  if (statSync(dir).isFile()) {
    if (exts.some((e) => dir.endsWith(e))) out.push(dir);
    return out;
  }
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP_DIRS.has(entry.name)) continue;
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p, exts, out);
    else if (exts.some((e) => entry.name.endsWith(e))) out.push(p);
  }
  return out;
}

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

// ---- Cargo ------------------------------------------------------------------------------------

// The few TOML shapes Cargo.toml files use here: [section] headers, `key = value` lines (values
// on one line), `#` comments. Returns [{ section, key, value }].
function tomlLines(text) {
  const out = [];
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s+#.*$/, '').trim();
    if (!line || line.startsWith('#')) continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) { section = header[1].trim(); continue; }
    const kv = /^("?[A-Za-z0-9_.-]+"?)\s*=\s*(.*)$/.exec(line);
    if (kv) out.push({ section, key: kv[1].replace(/"/g, ''), value: kv[2] });
  }
  return out;
}

function stripRustComments(src) {
  return src.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');
}

function usedInRust(files, codeName) {
  const re = new RegExp(
    `(?:^|[^\\w:])${escapeRe(codeName)}::|\\buse\\s+${escapeRe(codeName)}\\b|\\bextern\\s+crate\\s+${escapeRe(codeName)}\\b`,
  );
  return files.some((f) => re.test(f.text));
}

function readRust(dirs) {
  return dirs.flatMap((d) => walk(d, ['.rs'])).map((file) => ({ file, text: stripRustComments(readFileSync(file, 'utf8')) }));
}

function checkCargo(dir) {
  const manifest = path.join(dir, 'Cargo.toml');
  const lines = tomlLines(readFileSync(manifest, 'utf8'));
  const rel = path.relative(ROOT, manifest) || 'Cargo.toml';
  const allow = {};
  for (const l of lines) {
    if (l.section === 'package.metadata.check-deps' && l.key === 'allow') {
      for (const m of l.value.matchAll(/([A-Za-z0-9_-]+)\s*=\s*"([^"]*)"/g)) allow[m[1]] = m[2];
    }
  }
  const lib = readRust([path.join(dir, 'src'), path.join(dir, 'build.rs')]);
  const dev = [...lib, ...readRust(['tests', 'benches', 'examples'].map((d) => path.join(dir, d)))];
  for (const { section, key, value } of lines) {
    const kind = /(^|\.)(dependencies|build-dependencies|dev-dependencies)$/.exec(section)?.[2];
    if (!kind) continue;
    checked++;
    const renamed = /\bpackage\s*=\s*"([^"]+)"/.exec(value);
    const codeName = key.replace(/-/g, '_');
    if (allow[key] !== undefined || allow[renamed?.[1]] !== undefined) continue;
    const files = kind === 'dev-dependencies' ? dev : lib;
    if (!usedInRust(files, codeName)) {
      const where = kind === 'dev-dependencies' ? 'src/, tests/, benches/ or examples/' : 'src/ or build.rs';
      const onlyTests = kind !== 'dev-dependencies' && usedInRust(dev, codeName) ? ': only tests/benches/examples use it, so it belongs in [dev-dependencies]' : '';
      problems.push(`${rel} [${section}] ${key}: not used in ${path.relative(ROOT, dir) || '.'}/${where} (no \`${codeName}::\`, \`use ${codeName}\`)${onlyTests}`);
    }
  }
}

// Every crate in the repo: the workspace's members and crates with a workspace of their own
// (bench/alt).
function cargoPackages() {
  return walk(ROOT, ['Cargo.toml'])
    .filter((f) => /^\[package\]/m.test(readFileSync(f, 'utf8')))
    .map((f) => path.dirname(f))
    .sort();
}

// ---- npm --------------------------------------------------------------------------------------

const JS_EXTS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.tsx', '.jsx', '.html'];
const SCRIPT_EXTS = ['.sh', '.yml', '.yaml'];

function npmFolders() {
  const out = [];
  const visit = (dir, depth) => {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'package-lock.json'))) out.push(dir);
    if (depth === 0) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory() && !SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) visit(path.join(dir, e.name), depth - 1);
    }
  };
  visit(ROOT, 3);
  return out;
}

function checkNpm(dir) {
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const lock = JSON.parse(readFileSync(path.join(dir, 'package-lock.json'), 'utf8')).packages ?? {};
  const rel = path.relative(ROOT, path.join(dir, 'package.json'));
  const allow = pkg.checkDeps?.allow ?? {};
  const deps = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies, ...pkg.optionalDependencies });
  // The root's code is the whole repo except the folders that have their own package.json.
  const others = npmFolders().filter((d) => d !== dir && d.startsWith(dir));
  const inScope = (f) => !others.some((o) => f.startsWith(o + path.sep));
  const code = walk(dir, JS_EXTS).filter(inScope).map((f) => readFileSync(f, 'utf8'));
  const shell = [
    ...walk(dir, SCRIPT_EXTS).filter(inScope).map((f) => readFileSync(f, 'utf8')),
    ...walk(path.join(dir, '.ci'), ['']).filter(inScope).map((f) => readFileSync(f, 'utf8')),
    Object.values(pkg.scripts ?? {}).join('\n'),
  ];
  const everything = [...code, ...shell];

  const direct = (name) => {
    const spec = `${escapeRe(name)}(?:/[^'"\`]*)?['"\`]`;
    const imp = new RegExp(`(?:from\\s*|import\\s*\\(\\s*|require\\s*\\(\\s*|import\\s+)['"\`]${spec}`);
    const file = new RegExp(`node_modules/${escapeRe(name)}/`);
    if (code.some((t) => imp.test(t)) || everything.some((t) => file.test(t))) return true;
    const bins = Object.keys(lock[`node_modules/${name}`]?.bin ?? {});
    return bins.some((b) => {
      const viaBin = new RegExp(`node_modules/\\.bin/${escapeRe(b)}\\b|['"]\\.bin['"]\\s*,\\s*['"]${escapeRe(b)}['"]`);
      const asCommand = new RegExp(`(?:^|[\\s;&|(\`"'$])${escapeRe(b)}(?=\\s|$|["'\`)])`, 'm');
      return everything.some((t) => viaBin.test(t)) || shell.some((t) => asCommand.test(t));
    });
  };
  const used = new Set(deps.filter((d) => allow[d] !== undefined || direct(d)));
  // Peers of used packages, @types of used packages (until nothing changes).
  for (let changed = true; changed;) {
    changed = false;
    for (const d of deps) {
      if (used.has(d)) continue;
      const typesOf = d.startsWith('@types/') ? d.slice(7).replace(/^(.+)__(.+)$/, '@$1/$2') : null;
      const peerOf = [...used].some((u) => {
        const e = lock[`node_modules/${u}`] ?? {};
        return d in (e.peerDependencies ?? {}) || d in (e.peerDependenciesMeta ?? {});
      });
      if ((typesOf && used.has(typesOf)) || peerOf) { used.add(d); changed = true; }
    }
  }
  for (const d of deps) {
    checked++;
    if (!used.has(d)) {
      problems.push(`${rel}: ${d} is not imported, run or named by the code of ${path.relative(ROOT, dir) || '.'}/ (and is no peer of a used package)`);
    }
  }
}

// ---- run --------------------------------------------------------------------------------------
for (const dir of cargoPackages()) checkCargo(dir);
for (const dir of npmFolders()) checkNpm(dir);
if (problems.length) {
  console.error(`check-deps: ${problems.length} unused dependenc${problems.length === 1 ? 'y' : 'ies'}:`);
  for (const p of problems) console.error(`  - ${p}`);
  console.error('Remove it, or (when it is needed without being named) add it to the allow list with the reason (see scripts/check-deps.mjs).');
  process.exit(1);
}
console.log(`check-deps: ${checked} dependencies checked (Cargo: ${cargoPackages().map((d) => path.relative(ROOT, d) || '.').join(', ')}; npm: ${npmFolders().map((d) => path.relative(ROOT, d) || '.').join(', ')}), all used`);
