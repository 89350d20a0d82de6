import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [
    vue({
      // The elements are custom elements, not Vue components.
      template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('shomei-') } },
    }),
  ],
  build: { target: 'es2022', reportCompressedSize: false },
  logLevel: 'warn',
});
