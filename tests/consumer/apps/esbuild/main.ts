// esbuild: esbuild does not turn `new URL('…_bg.wasm', import.meta.url)` into an asset, so the
// app imports the .wasm's URL itself (`--loader:.wasm=file`) and hands it to init.
import init from 'epilot-portal-sdk';
import wasmUrl from 'epilot-portal-sdk/epilot_portal_sdk_bg.wasm';
import { urlsFromPage, runChecks, showIn } from '../shared/portal-check.js';

showIn(document.getElementById('result')!, async () => {
  await init({ module_or_path: wasmUrl });
  return runChecks(urlsFromPage());
});
