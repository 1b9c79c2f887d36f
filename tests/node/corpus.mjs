// Reading the shared conformance corpus and matching results as tests/conformance/README.md
// says: expected objects are subsets, arrays match element-wise with equal length, numbers are
// equal as IEEE-754 doubles (no tolerance), an expected null also matches an absent key.

import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

export const CORPUS_DIR = fileURLToPath(new URL('../conformance/', import.meta.url))

/** Every `*.json` under the corpus directory, sorted. */
export function corpusFiles(dir = CORPUS_DIR) {
  const out = []
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...corpusFiles(path))
    else if (name.endsWith('.json')) out.push(path)
  }
  return out
}

export function loadCorpusFile(path) {
  return { path, name: relative(CORPUS_DIR, path), doc: JSON.parse(readFileSync(path, 'utf8')) }
}

const show = (v) => {
  try {
    return JSON.stringify(v)
  } catch {
    return String(v)
  }
}

/** Problems found matching `expected` (a subset) against `actual`; empty when they match. */
export function match(expected, actual, path = '', problems = []) {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) {
      problems.push(`${path}: expected an array, got ${show(actual)}`)
    } else if (expected.length !== actual.length) {
      problems.push(`${path}: expected ${expected.length} items, got ${actual.length}`)
    } else {
      expected.forEach((e, i) => match(e, actual[i], `${path}[${i}]`, problems))
    }
  } else if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      problems.push(`${path}: expected an object, got ${show(actual)}`)
      return problems
    }
    for (const [k, e] of Object.entries(expected)) {
      if (actual[k] === undefined) {
        if (e !== null) problems.push(`${path}.${k}: missing, expected ${show(e)}`)
      } else {
        match(e, actual[k], `${path}.${k}`, problems)
      }
    }
  } else if (typeof expected === 'number') {
    // Exact double equality (0 and -0 are equal, as in the Rust runner).
    if (typeof actual !== 'number' || actual !== expected) {
      problems.push(`${path}: expected ${expected}, got ${show(actual)}`)
    }
  } else if (expected !== actual) {
    problems.push(`${path}: expected ${show(expected)}, got ${show(actual)}`)
  }
  return problems
}
