// In-page side of the benchmark; bench/run.mjs calls these through `window.bench`.
import { CONTENDERS, SEARCH, check } from './contenders.js';

const loaded = {};

/** Loads the named contenders and checks each answers both calls correctly. */
export async function load(names) {
  for (const name of names) {
    loaded[name] = await CONTENDERS[name](location.origin);
    check(name, 'small', await loaded[name].small());
    check(name, 'large', await loaded[name].large());
  }
  return names;
}

/**
 * Interleaved rounds: in each round every contender makes one `kind` call, in an order that
 * rotates from round to round (so none is always first after an idle gap or a GC).
 * Returns { name: [ms, ...] }.
 */
export async function latency({ names, kind, rounds, warmup }) {
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = -warmup; round < rounds; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + Math.max(round, 0)) % names.length];
      const t0 = performance.now();
      const data = await loaded[name][kind]();
      const t1 = performance.now();
      if (round < 0) check(name, kind, data);
      else samples[name].push(t1 - t0);
    }
  }
  return samples;
}

/** `n` sequential small calls of one contender (the memory test). */
export async function calls(name, n, kind = 'small') {
  const c = loaded[name];
  for (let i = 0; i < n; i++) await c[kind]();
  return n;
}

export function wasmBytes(name) {
  return loaded[name]?.wasmBytes ? loaded[name].wasmBytes() : null;
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };

/**
 * Where the time of a ~1 MB call goes, step by step with the browser's own APIs, `reps` times
 * (medians, ms): the request until headers, reading + UTF-8-decoding the body (res.text()),
 * JSON.parse (parsing + building the JS objects), and what a design that moved the text
 * through wasm memory would add: the copy in (UTF-16 -> UTF-8 into linear memory, what
 * wasm-bindgen's passStringToWasm does) and a copy back out (TextDecoder, getStringFromWasm).
 * Then the whole call for raw fetch + res.json() and for ours.
 */
export async function breakdown({ reps }) {
  const url = `${location.origin}/v2/portal/entity:search`;
  const init = () => ({ method: 'POST', headers: { authorization: 'Bearer bench-token', accept: 'application/json', 'content-type': 'application/json' }, body: JSON.stringify(SEARCH) });
  const t = { headers: [], text: [], streamText: [], parse: [], copyIn: [], copyOut: [], rawJson: [], ours: [], altCopyIn: [], altParseValue: [], altParseTyped: [], altTypedToJs: [], altTypedToText: [] };
  // The designs not chosen, measured for real when bench/alt/build.sh has been run.
  let alt = null;
  try {
    const m = await import('/out/alt/bench_alt.js');
    await m.default();
    alt = m;
  } catch { /* not built: those rows stay empty */ }
  let bytes = 0;
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  for (let i = 0; i < reps; i++) {
    let a = performance.now();
    const res = await fetch(url, init());
    let b = performance.now();
    const text = await res.text();
    const c = performance.now();
    const data = JSON.parse(text);
    const d = performance.now();
    check('breakdown', 'large', data);
    t.headers.push(b - a); t.text.push(c - b); t.parse.push(d - c);
    const buf = new Uint8Array(text.length * 3);
    a = performance.now();
    const { written } = enc.encodeInto(text, buf);
    b = performance.now();
    const back = dec.decode(buf.subarray(0, written));
    const e = performance.now();
    if (back.length !== text.length) throw new Error('round trip changed the text');
    bytes = written;
    t.copyIn.push(b - a); t.copyOut.push(e - b);
    if (alt) {
      const time = (key, f) => { const t0 = performance.now(); const r = f(); t[key].push(performance.now() - t0); return r; };
      time('altCopyIn', () => alt.alt_copy_in(text));
      time('altParseValue', () => alt.alt_parse_value(text));
      time('altParseTyped', () => alt.alt_parse_typed(text));
      check('alt typed_to_js', 'large', time('altTypedToJs', () => alt.alt_typed_to_js(text)));
      check('alt typed_to_text', 'large', time('altTypedToText', () => JSON.parse(alt.alt_typed_to_text(text))));
    }
    // The body read the way src/js/transport.js reads it: decoded chunk by chunk as it arrives.
    const streamed = await fetch(url, init());
    a = performance.now();
    const reader = streamed.body.getReader();
    const decoder = new TextDecoder();
    let streamedText = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) { streamedText += decoder.decode(); break; }
      streamedText += decoder.decode(value, { stream: true });
    }
    t.streamText.push(performance.now() - a);
    if (streamedText !== text) throw new Error('the streamed read differs from res.text()');
    a = performance.now();
    await fetch(url, init()).then((r) => r.json());
    t.rawJson.push(performance.now() - a);
    if (loaded.ours) {
      a = performance.now();
      await loaded.ours.large();
      t.ours.push(performance.now() - a);
    }
  }
  return { bytes, medians: Object.fromEntries(Object.entries(t).filter(([, v]) => v.length).map(([k, v]) => [k, median(v)])) };
}
