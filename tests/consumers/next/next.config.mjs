import { fileURLToPath } from 'node:url';

// The fixture is its own project (the repository has lock files above it).
// NEXT_DIST_DIR lets the test keep a Turbopack and a webpack build apart.
export default {
  distDir: process.env.NEXT_DIST_DIR || '.next',
  turbopack: { root: fileURLToPath(new URL('.', import.meta.url)) },
};
