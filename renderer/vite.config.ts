import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  build: {
    outDir: path.join(here, '..', 'dist', 'renderer'),
    emptyOutDir: true,
  },
  server: {
    // `npm run dev`: the API comes from a server started with `npm run serve -- --port 5179`.
    proxy: { '/api': 'http://127.0.0.1:5179' },
  },
});
