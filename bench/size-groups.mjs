// bench/size-groups.mjs <twiggy top --format csv>: bytes of the .wasm per crate / module.
// The name section is counted apart (it is not in the shipped file).
import { readFileSync } from 'node:fs';

// twiggy csv: Name,ShallowSize,ShallowSizePercent,... with "..." quoting ("" inside).
function csvFields(line) {
  const out = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') { v += '"'; i += 2; } else if (line[i] === '"') { i++; break; } else v += line[i++];
      }
      out.push(v);
      i++; // the comma
    } else {
      const j = line.indexOf(',', i);
      out.push(line.slice(i, j < 0 ? line.length : j));
      i = j < 0 ? line.length + 1 : j + 1;
    }
  }
  return out;
}
const rows = readFileSync(process.argv[2], 'utf8').trim().split('\n').slice(1).map((line) => {
  const [name, bytes] = csvFields(line);
  // a standard library built with the crate (-Zbuild-std) names crates `core[<hash>]`: drop the hash
  return { name: name.replace(/\[[0-9a-f]{16}\]/g, ''), bytes: Number(bytes) };
}).filter((r) => r.bytes > 0);

// Ordered: the first matching rule wins.
const RULES = [
  ['(name section: not shipped)', /function names|"name" section|local names|names subsection/],
  ['sign-in: src/cognito', /epilot_portal_sdk::cognito/],
  ['sign-in: num-bigint (SRP)', /num_bigint|num_integer|num_traits/],
  ['sign-in: sha2/hmac/hkdf/digest', /sha2|hmac|hkdf|digest::|block_buffer|crypto_common/],
  ['sign-in: base64', /base64/],
  ['JS API: src/js', /epilot_portal_sdk::js::/],
  ['runtime: client (attempt loop)', /epilot_portal_sdk::client/],
  ['runtime: request (URL, params)', /epilot_portal_sdk::request/],
  ['runtime: transport (fetch)', /epilot_portal_sdk::transport/],
  ['runtime: other src/ (error, auth, retry, config, form, ...)', /epilot_portal_sdk::/],
  ['exports: wasm-bindgen shims (one per JS method)', /shim|^portalclient_|^__wbg|^__wbindgen|^__externref|externref/],
  ['serde_json', /serde_json/],
  ['serde-wasm-bindgen', /serde_wasm_bindgen/],
  ['serde (derive impls, de/ser machinery)', /serde|_::<impl/],
  ['gloo-net', /gloo_net|gloo_/],
  ['wasm-bindgen(-futures), js-sys, web-sys', /wasm_bindgen|js_sys|web_sys/],
  ['core::fmt (formatting, Display/Debug, float printing)', /fmt::|core::fmt|<f64 as|<f32 as|flt2dec|dragon|grisu|Formatter|EscapeDebug/],
  ['allocator (dlmalloc)', /dlmalloc/],
  ['alloc (String, Vec, BTreeMap, ...)', /alloc::|hashbrown/],
  ['core / std (other)', /core::|std::|core\[|std\[|<&|<\*|<\(|memcpy|memset|memmove|memcmp/],
  ['data segments (strings, tables)', /data segment|data\[/],
  ['wasm structure (types, imports, exports, table, elem)', /^(type|import|export|table|elem|global|memory)\[|section|header|code section/],
];
const groups = new Map();
let total = 0;
let names = 0;
for (const r of rows) {
  if (/^Σ|Total Rows|^\.\.\. and/.test(r.name)) continue;
  const rule = RULES.find(([, re]) => re.test(r.name));
  const key = rule ? rule[0] : 'other (unattributed)';
  if (key.startsWith('(name')) { names += r.bytes; continue; }
  const g = groups.get(key) ?? { bytes: 0, items: 0, top: [] };
  g.bytes += r.bytes; g.items++; if (g.top.length < 3) g.top.push(`${r.name.slice(0, 70)} (${r.bytes})`);
  groups.set(key, g);
  total += r.bytes;
}
console.log(`\n== bytes per part (shallow sizes, ${total} bytes without the name section's ${names})`);
for (const [k, g] of [...groups].sort((a, b) => b[1].bytes - a[1].bytes)) {
  console.log(`${String(g.bytes).padStart(8)}  ${(100 * g.bytes / total).toFixed(1).padStart(5)}%  ${k}  [${g.items} items; e.g. ${g.top[0]}]`);
}
