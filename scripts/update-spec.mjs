#!/usr/bin/env node
// Moves the SDK to a newer Customer Portal API definition, in one command:
//
//   node scripts/update-spec.mjs <new-definition.json> [--source TEXT] [--dry-run] [--no-regenerate]
//                                [--old FILE] [--version-from FILE]
//
//   1. prepares the file as spec/ holds it (scripts/spec/prepare.mjs: prose removed, the
//      mechanical repairs where they apply) and prints what it repaired;
//   2. compares it with the current spec/customer-portal.openapi.json (or --old FILE):
//      operations, parameters, schemas and schema members added, removed or changed, and the
//      semver bump (scripts/spec/diff.mjs);
//   3. writes spec/customer-portal.openapi.json, the bumped version into Cargo.toml (and the
//      crate's Cargo.lock entry), and the release's section at the top of CHANGELOG.md;
//   4. regenerates (cargo run -p codegen) and names the operations that still need a
//      description in codegen/descriptions.json.
//
//   --source TEXT     where the definition comes from, for the changelog (default: the file name)
//   --dry-run         print the changelog section and the summary; write nothing
//   --no-regenerate   skip step 4
//   --old FILE        compare with FILE instead of spec/ (e.g. `git show HEAD~:spec/...`)
//   --version-from V  the version the bump starts from (default: Cargo.toml's)
//
// The API's own definition comes with the `@epilot/sdk` npm package (its customer-portal
// definition file); any OpenAPI 3.0 JSON of the Customer Portal API works.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepare, specText } from './spec/prepare.mjs';
import { diffSpecs, bumpOf, bumpVersion, operationsOf } from './spec/diff.mjs';
import { changelogSection, insertSection } from './spec/changelog.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SPEC = path.join(ROOT, 'spec/customer-portal.openapi.json');
const CHANGELOG = path.join(ROOT, 'CHANGELOG.md');
const DESCRIPTIONS = path.join(ROOT, 'codegen/descriptions.json');

function die(message) {
  console.error(`update-spec: ${message}`);
  process.exit(1);
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return die(`${file}: ${e.message}`);
  }
}

/** The [package] version of Cargo.toml. */
export function cargoVersion(text) {
  const pkg = /^\[package\][^[]*?^version\s*=\s*"([^"]+)"/ms.exec(text);
  return pkg?.[1];
}

function setVersions(version) {
  const cargoFile = path.join(ROOT, 'Cargo.toml');
  const cargo = readFileSync(cargoFile, 'utf8');
  const name = /^\[package\][^[]*?^name\s*=\s*"([^"]+)"/ms.exec(cargo)?.[1];
  const updated = cargo.replace(/^(\[package\][^[]*?^version\s*=\s*")[^"]+(")/ms, `$1${version}$2`);
  if (cargoVersion(updated) !== version) die(`could not set the version in Cargo.toml; set [package] version = "${version}" by hand`);
  writeFileSync(cargoFile, updated);
  const lockFile = path.join(ROOT, 'Cargo.lock');
  if (name && existsSync(lockFile)) {
    const lock = readFileSync(lockFile, 'utf8');
    const entry = new RegExp(`(\\[\\[package\\]\\]\\nname = "${name}"\\nversion = ")[^"]+(")`);
    writeFileSync(lockFile, lock.replace(entry, `$1${version}$2`));
  }
}

/** Everything the command computes, without writing: used by the CLI and the tests. */
export function plan({ oldSpec, upstream, previous, source, descriptions = {} }) {
  const { spec, repairs } = prepare(upstream);
  const changes = diffSpecs(oldSpec, spec);
  const bump = bumpOf(changes);
  const version = bumpVersion(previous, bump);
  const counts = { operations: operationsOf(spec).size, schemas: Object.keys(spec.components?.schemas ?? {}).length };
  const section = changelogSection({ version, previous, bump, changes, source, counts, descriptions });
  return { spec, repairs, changes, bump, version, counts, section };
}

function main(argv) {
  const flag = (f) => argv.includes(f);
  const value = (f) => {
    const i = argv.indexOf(f);
    if (i < 0) return undefined;
    if (i + 1 >= argv.length) die(`${f} needs a value`);
    return argv.splice(i, 2)[1];
  };
  const source = value('--source');
  const oldFile = value('--old');
  const versionFrom = value('--version-from');
  const [file] = argv.filter((a) => !a.startsWith('--'));
  if (!file) die('usage: node scripts/update-spec.mjs <new-definition.json> [--source TEXT] [--dry-run] [--no-regenerate] [--old FILE] [--version-from V]');

  const previous = versionFrom ?? cargoVersion(readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8'));
  if (!previous) die('no [package] version in Cargo.toml');
  const descriptions = existsSync(DESCRIPTIONS) ? readJson(DESCRIPTIONS) : {};
  const result = plan({ oldSpec: readJson(oldFile ?? SPEC), upstream: readJson(file), previous, source: source ?? path.basename(file), descriptions });

  const repaired = Object.entries(result.repairs).map(([k, n]) => `${k} ${n}`).join(', ') || 'nothing';
  console.log(`update-spec: prepared ${file}: ${result.counts.operations} operations, ${result.counts.schemas} schemas; repairs: ${repaired}`);
  const tally = {};
  for (const c of result.changes) tally[`${c.what}s ${c.change}`] = (tally[`${c.what}s ${c.change}`] ?? 0) + 1;
  console.log(`update-spec: ${Object.entries(tally).map(([k, n]) => `${n} ${k}`).join(', ') || 'no API change'}`);
  console.log(`update-spec: semver ${result.bump}: ${previous} -> ${result.version}`);
  if (flag('--dry-run')) {
    console.log(`\n${result.section}`);
    return;
  }
  if (result.bump === 'none' && specText(result.spec) === readFileSync(SPEC, 'utf8')) {
    console.log('update-spec: spec/ already holds this definition; nothing written');
    return;
  }
  writeFileSync(SPEC, specText(result.spec));
  setVersions(result.version);
  writeFileSync(CHANGELOG, insertSection(existsSync(CHANGELOG) ? readFileSync(CHANGELOG, 'utf8') : '', result.section));
  console.log(`update-spec: wrote spec/customer-portal.openapi.json, Cargo.toml version ${result.version}, CHANGELOG.md section`);
  if (flag('--no-regenerate')) return;
  const gen = spawnSync('cargo', ['run', '-q', '-p', 'codegen'], { cwd: ROOT, stdio: 'inherit' });
  if (gen.status !== 0) die('cargo run -p codegen failed (see above)');
  const undescribed = [...operationsOf(result.spec).keys()].filter((id) => !descriptions[id]);
  if (undescribed.length) {
    console.log(`update-spec: next: describe ${undescribed.length} operation(s) in codegen/descriptions.json (${undescribed.join(', ')}), then cargo run -p codegen`);
  }
  console.log('update-spec: then run ./scripts/test.sh; the contract tests cover the new operations');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
