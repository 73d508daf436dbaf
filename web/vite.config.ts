import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// `npm run dev` serves the sources with hot reload and passes the API through to a running server
// (PORTFOLIO_URL, default http://127.0.0.1:8000), so the browser sees one origin as in production.
const api = process.env.PORTFOLIO_URL ?? 'http://127.0.0.1:8000';

export default defineConfig({
  plugins: [vue()],
  server: {
    proxy: {
      '/graphql': api,
      '/export': api,
      '/graphiql': api,
    },
  },
  build: {
    // Nothing inlined as data: URLs, and no inline module-preload helper: the server's
    // Content-Security-Policy allows scripts from this origin only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        // ECharts (with zrender) in a chunk of its own, shared by the pages that draw charts and
        // cached apart from the code that changes more often.
        manualChunks: (id) => (/node_modules\/(echarts|zrender)\//.test(id) ? 'echarts' : undefined),
      },
    },
  },
});
