// Checks the built site in a headless browser: serves .vitepress/dist with `vitepress preview` and
// saves a screenshot of the metrics page (its rate, aggregation and named-metric formulas, rendered
// by MathJax at build time) to metrics-page.png.
// Needs a headless Chromium on PATH: `apt-get install chromium-headless-shell` (Debian) or chromium.
//   npm --prefix site run screenshot [-- URL-path]
import { spawn, spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { existsSync, statSync } from 'node:fs'

const here = dirname(fileURLToPath(import.meta.url))
// no #anchor: headless Chromium paints a blank page when it scrolls to one; a tall window instead
const page = process.argv[2] || '/metrics.html'
const out = join(here, 'metrics-page.png')
const port = 4173 + Math.floor(Math.random() * 1000)

const browser = ['chromium-headless-shell', 'chromium', 'chromium-browser', 'google-chrome']
  .find((b) => spawnSync('sh', ['-c', `command -v ${b}`]).status === 0)
if (!browser) {
  console.error('no headless Chromium on PATH: apt-get install chromium-headless-shell')
  process.exit(1)
}
if (!existsSync(join(here, '.vitepress', 'dist', 'metrics.html'))) {
  console.error('no built site: npm --prefix site run build')
  process.exit(1)
}

const server = spawn(join(here, 'node_modules', '.bin', 'vitepress'), ['preview', '--port', String(port)],
  { cwd: here, stdio: ['ignore', 'pipe', 'inherit'] })
await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('vitepress preview did not start')), 30000)
  server.stdout.on('data', (d) => { if (String(d).includes(String(port))) { clearTimeout(timer); resolve() } })
})
try {
  const r = spawnSync(browser, ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars',
    '--window-size=1280,4400', '--run-all-compositor-stages-before-draw',
    '--virtual-time-budget=8000', `--screenshot=${out}`,
    `http://localhost:${port}${page}`], { stdio: 'inherit', timeout: 60000 })
  if (r.status !== 0 || !existsSync(out) || statSync(out).size === 0) {
    throw new Error(`${browser} failed (exit ${r.status})`)
  }
  console.log(`screenshot of ${page}: ${out}`)
} finally {
  server.kill()
}
