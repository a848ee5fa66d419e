import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

// Served by the control planes under /gui/ (deep links fall back to index.html there).
// `npm run dev` proxies the API to a local control plane (MERIDIAN_API, default global's 5681).
export default defineConfig({
  base: '/gui/',
  plugins: [vue()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 300 },
  server: {
    proxy: {
      '^/(?!gui/|@|src/|node_modules/).*': process.env.MERIDIAN_API ?? 'http://127.0.0.1:5681',
    },
  },
  test: { environment: 'node', include: ['src/**/*.test.ts'] },
})
