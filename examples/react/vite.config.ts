import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { version } from 'react';

export default defineConfig({
  plugins: [react()],
  define: { REACT_VERSION: JSON.stringify(version) },
  build: { target: 'es2022', reportCompressedSize: false },
  logLevel: 'warn',
});
