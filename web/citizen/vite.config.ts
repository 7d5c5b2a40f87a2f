import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The citizen app, built into dist/web/citizen (not committed) and served by dothi at /citizen/.
// eslint-disable-next-line no-restricted-syntax -- Vite reads its configuration from the default export
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/citizen/',
  build: {
    outDir: fileURLToPath(new URL('../../dist/web/citizen', import.meta.url)),
    emptyOutDir: true,
    // Bundle budget: the app with Leaflet and exifr stays small on a phone connection.
    chunkSizeWarningLimit: 400,
  },
});
