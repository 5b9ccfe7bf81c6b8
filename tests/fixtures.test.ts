/**
 * Per-rule fixtures: fixtures/rules/<id>/valid/* must yield no finding of <id>; fixtures/rules/<id>/invalid/*
 * must yield exactly the findings of <id> declared beside the text (see tests/helpers/expectations.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFiles } from '../src/engine.js';
import { readExpectations } from './helpers/expectations.js';

const root = path.resolve(__dirname, '../fixtures/rules');
const ruleDirs = fs.existsSync(root) ? fs.readdirSync(root).filter((d) => fs.statSync(path.join(root, d)).isDirectory()) : [];
const isFixture = (f: string) => !f.endsWith('.expect.json') && !f.startsWith('.') && !f.endsWith('.config.json');

for (const rule of ruleDirs) {
  describe(`fixtures: ${rule}`, () => {
    for (const kind of ['valid', 'invalid'] as const) {
      const dir = path.join(root, rule, kind);
      if (!fs.existsSync(dir)) continue;
      for (const f of fs.readdirSync(dir).filter(isFixture)) {
        const file = path.join(dir, f);
        it(`${kind}/${f}`, async () => {
          const cfg = fs.existsSync(file + '.config.json') ? JSON.parse(fs.readFileSync(file + '.config.json', 'utf8')) : {};
          const [res] = await lintFiles([file], { config: cfg, cwd: dir });
          expect(res!.fatalErrorCount, JSON.stringify(res!.messages)).toBe(0);
          const got = res!.messages.filter((m) => m.ruleId === rule);
          if (kind === 'valid') {
            expect(got.map((m) => `${m.line}:${m.column} «${m.actual ?? ''}» ${m.message}`)).toEqual([]);
            return;
          }
          const want = readExpectations(file).filter((e) => e.rule === rule);
          expect(want.length, 'an invalid fixture must declare at least one expectation').toBeGreaterThan(0);
          const unmatched = [...got];
          const missing: string[] = [];
          for (const w of want) {
            const i = unmatched.findIndex((m) => (w.line === undefined || m.line === w.line) && (!w.phrase || (m.actual ?? '').toLowerCase().includes(w.phrase.toLowerCase()) || w.phrase.toLowerCase().includes((m.actual ?? '\u0000').toLowerCase())) && (!w.source || m.source === w.source));
            if (i >= 0) unmatched.splice(i, 1); else missing.push(`${w.line ?? 'doc'} «${w.phrase ?? ''}»`);
          }
          expect({ missing, unexpected: unmatched.map((m) => `${m.line}:${m.column} «${m.actual ?? ''}»`) }).toEqual({ missing: [], unexpected: [] });
        });
      }
    }
  });
}
