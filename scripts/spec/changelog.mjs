// Writes the CHANGELOG.md section of a new API definition from the changes `diff.mjs` found.
//
//   import { changelogSection, insertSection } from './changelog.mjs';
//   const text = changelogSection({ version, bump, changes, source, counts, descriptions });
//   const changelog = insertSection(existingChangelogText, text);   // newest first

const HEADER = '# Changelog\n\nEvery release of epilot-portal-sdk, newest first. Sections about the API definition are written by\n`node scripts/update-spec.mjs` (see README, "A newer API definition").\n';

const tick = (s) => `\`${s}\``;

function list(title, items, line) {
  if (!items.length) return '';
  return `\n${title} (${items.length}):\n${items.map((c) => `- ${line(c)}`).join('\n')}\n`;
}

/** `Owner`: `a`, `b` lines for added members, one per owner (in order of appearance). */
function groupedMembers(items) {
  const owners = new Map();
  for (const c of items) {
    const dot = c.name.lastIndexOf('.');
    const [owner, member] = [c.name.slice(0, dot), c.name.slice(dot + 1)];
    if (!owners.has(owner)) owners.set(owner, []);
    owners.get(owner).push(tick(member) + (c.detail.endsWith(', required') ? ' (required)' : ''));
  }
  return [...owners].map(([owner, members]) => ({ owner, members }));
}

/** The Markdown section of one release. */
export function changelogSection({ version, previous, bump, changes, source, counts, descriptions = {} }) {
  const of = (what, change) => changes.filter((c) => c.what === what && c.change === change);
  const breaking = changes.filter((c) => c.breaking);
  const zero = /^0\./.test(previous ?? '');
  let out = `## ${version}\n\nAPI definition: ${source} (${counts.operations} operations, ${counts.schemas} schemas).\n\n`;
  const why = {
    major: `${breaking.length} breaking change(s): something was removed or narrowed`,
    minor: 'operations, parameters, schemas or members added, or widened; nothing removed or narrowed',
    none: 'no change to operations, parameters or schemas',
  }[bump];
  out += `Semver: **${bump}** (${why})`;
  if (zero && bump !== 'none') out += `; before 1.0.0 that moves the ${bump === 'major' ? 'minor' : 'patch'} position: ${previous} -> ${version}`;
  else if (previous) out += `: ${previous} -> ${version}`;
  out += '.\n';
  if (breaking.length) {
    out += `\nBreaking:\n${breaking.map((c) => `- ${c.what} ${tick(c.name)}: ${c.change === 'removed' ? 'removed' : c.detail}`).join('\n')}\n`;
  }
  out += '\n### Operations\n';
  out += list('Added', of('operation', 'added'), (c) => `${tick(c.name)} ${c.detail}${descriptions[c.name] ? `: ${descriptions[c.name]}` : ''}`);
  out += list('Changed', of('operation', 'changed'), (c) => `${tick(c.name)}: ${c.detail}`);
  out += list('Removed', of('operation', 'removed'), (c) => `${tick(c.name)} ${c.detail}`);
  if (!changes.some((c) => c.what === 'operation')) out += '\nNone.\n';
  out += '\n### Parameters\n';
  out += list('Added', of('parameter', 'added'), (c) => `${c.name}, ${c.detail}`);
  out += list('Changed', of('parameter', 'changed'), (c) => `${c.name}: ${c.detail}`);
  out += list('Removed', of('parameter', 'removed'), (c) => c.name);
  if (!changes.some((c) => c.what === 'parameter')) out += '\nNone.\n';
  out += '\n### Schemas\n';
  const added = of('schema', 'added');
  if (added.length) out += `\nAdded (${added.length}): ${added.map((c) => tick(c.name)).join(', ')}.\n`;
  out += list('Changed', of('schema', 'changed'), (c) => `${tick(c.name)}: ${c.detail}`);
  out += list('Removed', of('schema', 'removed'), (c) => tick(c.name));
  if (!changes.some((c) => c.what === 'schema')) out += '\nNone.\n';
  out += '\n### Schema members\n';
  const members = of('member', 'added');
  if (members.length) {
    const groups = groupedMembers(members);
    out += `\nAdded (${members.length}):\n${groups.map((g) => `- ${tick(g.owner)}: ${g.members.join(', ')}`).join('\n')}\n`;
  }
  out += list('Changed', of('member', 'changed'), (c) => `${tick(c.name)}: ${c.detail}`);
  out += list('Removed', of('member', 'removed'), (c) => tick(c.name));
  if (!changes.some((c) => c.what === 'member')) out += '\nNone.\n';
  return out;
}

/** `changelog` (or a new file) with `section` as its newest release; a section of the same
 *  version is replaced. */
export function insertSection(changelog, section) {
  const text = changelog && changelog.startsWith('# Changelog') ? changelog : HEADER;
  const version = /^## (\S+)/.exec(section)?.[1];
  const sections = text.split(/^(?=## )/m);
  const head = sections.shift();
  const rest = sections.filter((s) => /^## (\S+)/.exec(s)?.[1] !== version);
  return [head.trimEnd() + '\n\n', section.trimEnd() + '\n', ...rest.map((s) => `\n${s.trimEnd()}\n`)].join('');
}
