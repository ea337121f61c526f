// Copies the javadoc (mvn javadoc:javadoc writes target/reports/apidocs) into the built site as /api/.
import { cpSync, existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const apidocs = join(here, '..', 'target', 'reports', 'apidocs')
const dest = join(here, '.vitepress', 'dist', 'api')
if (!existsSync(join(apidocs, 'index.html'))) {
  console.error(`no javadoc at ${apidocs}: run 'mvn -q javadoc:javadoc' first (README, Documentation)`)
  process.exit(1)
}
cpSync(apidocs, dest, { recursive: true })
console.log(`javadoc copied to ${dest}`)
