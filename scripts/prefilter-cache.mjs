#!/usr/bin/env node
/**
 * Run after tsc (npm run build): precomputes the literal prefilter's analysis of every built-in
 * regular expression (src/prefilter.ts, literalPrefixes) into dist/prefilter-cache.json, so a run
 * (and each worker thread) does not re-analyse ~600 expressions at start-up. The cache is keyed by
 * each expression's flags and source and by a hash of the built prefilter module: a stale or missing
 * cache is ignored and the analysis runs as before.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const out = path.join(dist, 'prefilter-cache.json');
fs.rmSync(out, { force: true }); // never analyse with an old cache loaded
const pf = await import(pathToFileURL(path.join(dist, 'src', 'prefilter.js')).href);
const { builtinRules } = await import(pathToFileURL(path.join(dist, 'rules', 'index.js')).href);
for (const r of builtinRules) void r.entries; // term rules compile (and register their expressions) on first use
const cache = pf.exportPrefilterCache();
fs.writeFileSync(out, JSON.stringify(cache));
console.log(`prefilter cache: ${Object.keys(cache.entries).length} expressions → ${path.relative(process.cwd(), out)}`);
