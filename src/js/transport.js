// One HTTP attempt for src/transport.rs: fetch, then the whole body as text, in one promise, so
// the wasm side awaits once and the body never enters wasm memory.
//
// The body is decoded chunk by chunk as it arrives (TextDecoder in streaming mode), which
// overlaps the UTF-8 decoding with the download: for a 1 MB answer about a third faster than
// `await res.text()` (BENCHMARKS.md). The result is the same string (U+FFFD for bad bytes,
// a leading BOM dropped).
//
// headers: [name, value, name, value, ...] (checked by the caller), set in order.
// Resolves [status (0 for an unfollowed redirect), "name\nvalue\n..." (lower-case names;
// header values cannot hold a line break), text]. Rejects with whatever fetch or the body
// read rejected with (an abort reason can be any value).
export function sendRequest(url, method, headers, body, signal, manualRedirect) {
  const h = new Headers();
  for (let i = 0; i + 1 < headers.length; i += 2) h.set(headers[i], headers[i + 1]);
  const init = { method, headers: h };
  if (body !== undefined && body !== null) init.body = body;
  if (signal) init.signal = signal;
  if (manualRedirect) init.redirect = 'manual';
  return fetch(url, init).then(async (res) => {
    let head = '';
    for (const [name, value] of res.headers) head += `${name}\n${value}\n`;
    const status = res.type === 'opaqueredirect' ? 0 : res.status;
    return [status, head, await readText(res)];
  });
}

async function readText(res) {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    text += decoder.decode(value, { stream: true });
  }
}

// Whether a body is empty or only JSON whitespace (space, tab, CR, LF): such a 2xx body is
// `data: null`, in the JS API as in the Rust one (client.rs `is_blank`). Stops at the first
// other character, so a large body costs nothing.
export function isBlank(text) {
  return /^[ \t\r\n]*$/.test(text);
}
