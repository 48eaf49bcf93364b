import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { scenarioAssets } from './scripts/scenarioAssets.ts';
import { contentSecurityPolicy, ISOLATION_HEADERS } from './src/server/contentSecurityPolicy.ts';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig(({ mode }) => {
  // The end-to-end safety test builds with `--mode fixtures` so hostile test scenarios join the library.
  const scenarios = () => scenarioAssets({ root, fixtures: mode === 'fixtures' });
  return {
    base: './',
    plugins: [scenarios()],
    build: {
      target: 'es2022',
      outDir: 'dist',
      chunkSizeWarningLimit: 2000,
    },
    worker: { format: 'es', plugins: () => [scenarios()] },
    // Cross-origin isolated, so the page can cancel a query its worker is running (shared memory).
    server: { host: '127.0.0.1', headers: ISOLATION_HEADERS },
    // `npm start` serves the built game under the same policy as `twoam gameday` (the dev server does not:
    // its hot reload injects scripts).
    preview: {
      host: '127.0.0.1',
      headers: { 'Content-Security-Policy': contentSecurityPolicy(), ...ISOLATION_HEADERS },
    },
  };
});
