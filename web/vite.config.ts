import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** The web application. Built into web/dist, which the platform serves at `/` (src/http/web.ts). */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  logLevel: 'warn',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  // `npx vite web` during development: the API runs on `npm start`.
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
    // The DDAS vocabularies are shared with the API (src/modules/signaalzaken/vocabulaire.ts).
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
  },
});
