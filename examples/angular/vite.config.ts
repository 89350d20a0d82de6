import { defineConfig } from 'vite';

export default defineConfig({
  // The JIT compiler (@angular/compiler) alone is about 1 MB minified.
  build: { target: 'es2022', reportCompressedSize: false, chunkSizeWarningLimit: 2048 },
  logLevel: 'warn',
});
