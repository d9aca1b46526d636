// Vite: `vite build`, no configuration (the glue's `new URL('…_bg.wasm', import.meta.url)`
// becomes a hashed asset).
import init from 'epilot-portal-sdk';
import { urlsFromPage, runChecks, showIn } from '../shared/portal-check.js';

showIn(document.getElementById('result')!, async () => {
  await init();
  return runChecks(urlsFromPage());
});
