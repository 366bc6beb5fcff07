import path from 'node:path';
import { defineConfig } from 'vite';

const root = path.join(import.meta.dirname, '..');

// The CLI bundled (`npm run build:cli` → dist/cli/): a start from ~480 modules spent most of its time resolving and
// reading them, one file at a time. What loads on first use (the labs, the Redis backend, qrcode, koa-send) stays in
// chunks of its own, loaded as before; better-sqlite3 stays a package (its native binding is found from its own
// folder). The load lab's client is an entry of its own, beside the chunk that forks it. The Electron shell and the
// tests use the unbundled modules.
export default defineConfig({
  logLevel: 'warn',
  build: {
    ssr: true,
    outDir: path.join(root, 'dist', 'cli'),
    emptyOutDir: true,
    minify: false,
    sourcemap: true,
    target: 'node22',
    rollupOptions: {
      input: {
        cli: path.join(root, 'server', 'cli.ts'),
        'load-client': path.join(root, 'server', 'labs', 'load-client.ts'),
      },
      output: { format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
      external: ['better-sqlite3'],
      // Some dependencies use eval to build their deprecation wrappers (depd); nothing to act on.
      onwarn: (warning, warn) => (warning.code === 'EVAL' ? undefined : warn(warning)),
    },
  },
  ssr: { noExternal: true, external: ['better-sqlite3'], target: 'node' },
});
