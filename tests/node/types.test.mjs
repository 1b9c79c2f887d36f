// The TypeScript declarations: tests/node/usage.ts compiles with `tsc --noEmit --strict`.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const tsc = fileURLToPath(new URL('../../crates/node/node_modules/typescript/bin/tsc', import.meta.url))
const project = fileURLToPath(new URL('./tsconfig.json', import.meta.url))

test('usage.ts type-checks against index.d.ts and types.d.ts (strict)', { skip: !existsSync(tsc) && 'typescript is not installed (npm ci in crates/node)' }, () => {
  const run = spawnSync(process.execPath, [tsc, '-p', project, '--noEmit', '--strict'], { encoding: 'utf8' })
  assert.equal(run.status, 0, `tsc failed:\n${run.stdout}${run.stderr}`)
})
