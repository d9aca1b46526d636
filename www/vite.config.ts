import { defineConfig } from 'vite';

// The SDK is a wasm-bindgen `--target web` package: its glue finds the .wasm with
// `new URL('epilot_portal_sdk_bg.wasm', import.meta.url)`, which Vite turns into an asset at
// build time. The dev server must not pre-bundle it (that would move the glue away from the
// .wasm), hence optimizeDeps.exclude.
export default defineConfig({
  optimizeDeps: { exclude: ['epilot-portal-sdk'] },
  build: { target: 'es2022', sourcemap: true },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
});
