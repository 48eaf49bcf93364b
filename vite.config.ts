import { defineConfig } from 'vite';
import { contentSecurityPolicy } from './src/server/contentSecurityPolicy.ts';

export default defineConfig({
  base: './',
  build: {
    target: 'es2022',
    outDir: 'dist',
    chunkSizeWarningLimit: 2000,
  },
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
  // `npm start` serves the built game under the same policy as `twoam gameday` (the dev server does not:
  // its hot reload injects scripts).
  preview: { host: '127.0.0.1', headers: { 'Content-Security-Policy': contentSecurityPolicy() } },
});
