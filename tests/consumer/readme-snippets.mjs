// Keeps the README's bundler snippets the tested ones (tests/stages/60-consumer.sh runs this):
//   * the esbuild snippet: every line of its ```ts block is in apps/esbuild/main.ts, and its
//     ```sh command is the one `npm run build:esbuild` runs;
//   * the Next.js snippet: written into the Next.js app (app/readme-snippet.tsx), so
//     `next build` type-checks it with the app.
//   node tests/consumer/readme-snippets.mjs <apps dir>
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(path.join(HERE, '../../README.md'), 'utf8');
const scripts = JSON.parse(readFileSync(path.join(HERE, 'package.json'), 'utf8')).scripts;
const apps = path.resolve(process.argv[2] || path.join(HERE, 'apps'));
const problems = [];

// The code blocks of one language that follow the paragraph starting with `lead`, up to the next heading or bold lead.
function blocks(lead, lang) {
  const start = readme.indexOf(`\n${lead}`);
  if (start < 0) { problems.push(`README.md has no paragraph starting with ${lead}`); return []; }
  const rest = readme.slice(start + 1);
  const end = rest.slice(1).search(/\n(#|\*\*[A-Z])/);
  const section = end < 0 ? rest : rest.slice(0, end + 1);
  return [...section.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
}

const [esbuildTs] = blocks('**esbuild**', 'ts');
const [esbuildSh] = blocks('**esbuild**', 'sh');
const mainTs = readFileSync(path.join(apps, 'esbuild/main.ts'), 'utf8');
if (!esbuildTs) problems.push('README.md: no ```ts block in the esbuild paragraph');
for (const line of (esbuildTs ?? '').split('\n').map((l) => l.trim()).filter(Boolean)) {
  if (!mainTs.includes(line)) problems.push(`README esbuild snippet line not in apps/esbuild/main.ts: ${line}`);
}
if (!esbuildSh || !scripts['build:esbuild'].includes(esbuildSh.trim())) {
  problems.push(`README esbuild command ${JSON.stringify(esbuildSh?.trim())} is not what build:esbuild runs (${scripts['build:esbuild']})`);
}

const [nextTsx] = blocks('**Next.js:**', 'tsx');
if (!nextTsx) problems.push('README.md: no ```tsx block in the Next.js paragraph');
else writeFileSync(path.join(apps, 'next/app/readme-snippet.tsx'), `// The README's Next.js snippet (type-checked by next build).\n${nextTsx}`);

if (problems.length) {
  for (const p of problems) console.error(`readme-snippets: ${p}`);
  process.exit(1);
}
console.log('  README snippets: esbuild snippet and command are the tested ones; Next.js snippet added to the app (next build type-checks it)');
