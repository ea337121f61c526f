// The docs site: the pages are docs/*.md (srcDir), the API reference is the javadoc copied in by
// copy-javadoc.mjs after the build. Offline: local search, MathJax rendered at build time.
import { defineConfig } from 'vitepress'
import mathjax3 from 'markdown-it-mathjax3'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const modules = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules')

const pages = [
  ['Getting started', '/getting-started'],
  ['Examples', '/examples'],
  ['FAQ', '/faq'],
  ['Metrics', '/metrics'],
  ['Penalties', '/penalties'],
  ['Training', '/training'],
  ['Privacy', '/privacy'],
  ['Results', '/results'],
  ['Reports', '/report'],
  ['Explainability', '/explainability'],
  ['Data formats', '/data-formats'],
  ['Model', '/model'],
  ['Hub downloads', '/hub'],
  ['Audit JSON', '/audit-json'],
  ['On Apache Spark', '/spark'],
  ['Benchmarks', '/benchmarks'],
]

export default defineConfig({
  title: 'FairTune',
  description: 'Fairness-aware fine-tuning of BERT models on the JVM',
  srcDir: '../docs',
  outDir: './.vitepress/dist',
  cacheDir: './.vitepress/cache',
  base: process.env.FAIRTUNE_SITE_BASE || '/',
  cleanUrls: false,
  lastUpdated: false,
  // the pages live outside site/, where no node_modules are found: resolve the theme's imports here
  vite: {
    resolve: { alias: [{ find: /^vue(\/.*)?$/, replacement: join(modules, 'vue') + '$1' }] },
    server: { fs: { allow: ['..', '../..'] } },
  },
  markdown: {
    config: (md) => md.use(mathjax3),
  },
  // MathJax's SVG output uses custom elements
  vue: {
    template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('mjx-') } },
  },
  // links from the docs into the repository (../src, ../examples, ../bench) are not site pages
  ignoreDeadLinks: [/^\.\.\//, /^\/api\//],
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/getting-started' },
      { text: 'Metrics', link: '/metrics' },
      { text: 'API (javadoc)', link: '/api/index.html', target: '_self' },
    ],
    sidebar: [{ text: 'Documentation', items: pages.map(([text, link]) => ({ text, link })) },
      { text: 'Reference', items: [{ text: 'API (javadoc)', link: '/api/index.html', target: '_self' }] }],
    search: { provider: 'local' },
  },
})
