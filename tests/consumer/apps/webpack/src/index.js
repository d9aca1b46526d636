// webpack 5: `webpack --mode production`, no configuration (webpack turns the glue's
// `new URL('…_bg.wasm', import.meta.url)` into an asset and finds it at run time).
import init from 'epilot-portal-sdk';
import { urlsFromPage, runChecks, showIn } from '../../shared/portal-check.js';

showIn(document.getElementById('result'), async () => {
  await init();
  return runChecks(urlsFromPage());
});
