import path from 'node:path';
import { defineConfig } from 'vite';

// A sandboxed preload cannot load other files, and it is not an ES module: it is bundled into one CommonJS file
// with shared/'s channel map inlined. Only `electron` stays a require.
export default defineConfig({
  build: {
    lib: { entry: path.join(import.meta.dirname, 'preload.ts'), formats: ['cjs'], fileName: () => 'preload.cjs' },
    outDir: path.join(import.meta.dirname, '..', 'dist', 'main'),
    emptyOutDir: false,
    minify: false,
    sourcemap: false,
    rollupOptions: { external: ['electron'] },
  },
});
