import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The server `npm run dev` proxies the API to. */
const API_SERVER = 'http://127.0.0.1:5179';

export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  build: {
    outDir: path.join(here, '..', 'dist', 'renderer'),
    emptyOutDir: true,
  },
  server: {
    // `npm run dev`: the API comes from a server started with `npm run serve -- --port 5179`. The server's Host/Origin
    // guard answers only its own loopback origin: the proxy presents the request as coming from there.
    proxy: {
      '/api': {
        target: API_SERVER,
        changeOrigin: true,
        configure: (proxy) =>
          proxy.on('proxyReq', (request) => {
            if (request.getHeader('origin')) request.setHeader('origin', API_SERVER);
          }),
      },
    },
  },
});
