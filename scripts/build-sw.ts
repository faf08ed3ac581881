// `npm run build:sw` (also run by postinstall): the service worker of the phone pages (issue 23),
// generated with workbox-build into api/public/sw.js (not committed; made again at every install).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSW } from 'workbox-build';
import { OFFLINE_PAGES } from '../api/offline-pages.ts';

const publicDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../api/public');
const { count, warnings } = await generateSW({
  globDirectory: publicDir,
  globPatterns: ['*.{css,js,webmanifest,svg}'],
  globIgnores: ['sw.js', 'workbox-*.js'],
  swDest: path.join(publicDir, 'sw.js'),
  inlineWorkboxRuntime: true,
  mode: 'production',
  sourcemap: false,
  cleanupOutdatedCaches: true,
  clientsClaim: true,
  skipWaiting: true,
  // Only the pages an officer works on at an enterprise are kept for offline use; a case page
  // with a party's data is never stored on the phone.
  runtimeCaching: [
    { urlPattern: new RegExp(OFFLINE_PAGES), handler: 'NetworkFirst', options: { cacheName: 'zhifa-pages', networkTimeoutSeconds: 4, expiration: { maxEntries: 20, maxAgeSeconds: 7 * 86_400 } } },
    { urlPattern: /\/vendor\/signature_pad\.js$/, handler: 'CacheFirst', options: { cacheName: 'zhifa-vendor' } },
  ],
});
for (const w of warnings) console.warn(`[build:sw] ${w}`);
console.log(`[build:sw] api/public/sw.js: ${count} files precached`);
