import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Two pages: index.html (useAgentChat) and ai-sdk.html (useChat).
export default defineConfig({
  plugins: [react()],
  build: { rollupOptions: { input: { index: 'index.html', 'ai-sdk': 'ai-sdk.html' } } },
});
