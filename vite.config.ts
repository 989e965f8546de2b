import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

// The renderer is built to dist/renderer and served from app://virt-deck/ (Electron) or http://127.0.0.1:PORT/
// (web mode): relative asset URLs (base './') work under both.
export default defineConfig({
  root: here('./renderer'),
  base: './',
  // assets/ (the app icon) is copied as is to the output's root.
  publicDir: here('./assets'),
  plugins: [react()],
  build: {
    outDir: here('./dist/renderer'),
    emptyOutDir: true,
    // noVNC (the consoles, later) is ESM with top-level await; Chromium in Electron 45 and current browsers run esnext.
    target: 'esnext',
    // Native modulepreload everywhere we run; the polyfill would only add an inline-free but useless script.
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
});
