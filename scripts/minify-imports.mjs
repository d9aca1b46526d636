// scripts/minify-imports.mjs: short names for what a wasm-bindgen glue hands its .wasm.
//
// wasm-bindgen names every import of the .wasm from its glue `__wbg_<name>_<16 hex digits>`
// (70 of them in the core): the names sit twice in what a page downloads, once in the .wasm's
// import section and once as keys of the glue's import object, and the hex digits do not
// compress. `minifyImports` renames them `a`, `b`, ... in both files, in the .wasm's import
// order. Nothing else changes: the functions, their order and the other modules' imports
// (snippets) stay as they are. Idempotent: a pair already renamed is left alone.
//
// Fails (throws) unless every renamed import appears exactly once as a key in the glue.

import { readFileSync, writeFileSync } from 'node:fs';

function readLeb(buf, pos) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = buf[pos++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, pos];
}

function leb(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return Buffer.from(out);
}

const str = (s) => Buffer.concat([leb(Buffer.byteLength(s)), Buffer.from(s)]);

/** Skips an import's description (after its kind byte); returns the position after it. */
function skipDesc(buf, kind, pos) {
  const limits = (p) => {
    const flags = buf[p++];
    [, p] = readLeb(buf, p);
    if (flags & 1) [, p] = readLeb(buf, p);
    return p;
  };
  switch (kind) {
    case 0: return readLeb(buf, pos)[1]; // function: type index
    case 1: return limits(pos + 1); // table: element type, limits
    case 2: return limits(pos); // memory
    case 3: return pos + 2; // global: value type, mutability
    case 4: return readLeb(buf, pos + 1)[1]; // tag: attribute, type index
    default: throw new Error(`import of unknown kind ${kind}`);
  }
}

/** The n-th short name: a..z, A..Z, then two letters. */
function shortName(n) {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let name = '';
  do {
    name = letters[n % letters.length] + name;
    n = Math.floor(n / letters.length) - 1;
  } while (n >= 0);
  return name;
}

/**
 * Renames the imports of `wasmFile` from module `glueModule` (e.g. './epilot_portal_sdk_bg.js')
 * and the matching keys of `glueFile`. Returns how many were renamed.
 */
export function minifyImports(wasmFile, glueFile, glueModule) {
  const wasm = readFileSync(wasmFile);
  let glue = readFileSync(glueFile, 'utf8');
  if (wasm.readUInt32LE(0) !== 0x6d736100) throw new Error(`${wasmFile} is not a wasm module`);
  const parts = [wasm.subarray(0, 8)];
  let pos = 8;
  let renamed = 0;
  while (pos < wasm.length) {
    const id = wasm[pos];
    const [size, start] = readLeb(wasm, pos + 1);
    const end = start + size;
    if (id !== 2) {
      parts.push(wasm.subarray(pos, end));
      pos = end;
      continue;
    }
    let p = start;
    let count;
    [count, p] = readLeb(wasm, p);
    const entries = [];
    let n = 0;
    for (let i = 0; i < count; i++) {
      let len;
      [len, p] = readLeb(wasm, p);
      const module = wasm.toString('utf8', p, p + len);
      p += len;
      [len, p] = readLeb(wasm, p);
      let name = wasm.toString('utf8', p, p + len);
      p += len;
      const kind = wasm[p];
      const descEnd = skipDesc(wasm, kind, p + 1);
      const desc = wasm.subarray(p, descEnd);
      p = descEnd;
      if (module === glueModule) {
        const short = shortName(n++);
        if (name !== short) {
          const key = new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?=\\s*[:(])`, 'g');
          const found = glue.match(key)?.length ?? 0;
          if (found !== 1) throw new Error(`import ${name}: ${found} keys in ${glueFile}, expected 1`);
          glue = glue.replace(key, short);
          name = short;
          renamed++;
        }
      }
      entries.push(Buffer.concat([str(module), str(name), desc]));
    }
    if (p !== end) throw new Error(`${wasmFile}: the import section did not parse to its end`);
    const body = Buffer.concat([leb(count), ...entries]);
    parts.push(Buffer.from([2]), leb(body.length), body);
    pos = end;
  }
  if (renamed) {
    writeFileSync(wasmFile, Buffer.concat(parts));
    writeFileSync(glueFile, glue);
  }
  return renamed;
}
