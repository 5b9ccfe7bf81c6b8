/**
 * language-access (document-level, strict only): outreach should reach people in the languages they
 * speak. With config `languages: ["en", "es", …]`, each piece must exist in every listed language: a
 * sibling file with the language before the extension (poster.md → poster.es.md) or a front-matter
 * `translations` map ({ es: poster.es.md }). Files that are themselves translations are skipped.
 * Without `languages`, a piece with a hotline or call to action gets an info note when it never says
 * help is available in other languages.
 *
 * This is the one rule that looks at the file system: it only checks whether sibling translation
 * files exist (the document model has no notion of a piece's other files).
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import raw from './data/language-access.json' with { type: 'json' };
import type { Rule } from '../src/types.js';
import { concreteAction, copySegments } from './local-action.js';

const Schema = z.object({
  $comment: z.string().optional(),
  rule: z.literal('language-access'),
  names: z.record(z.string(), z.string()),
  skipFormats: z.array(z.string()),
  otherLanguage: z.string().refine((s) => { try { new RegExp(s); return true; } catch { return false; } }),
  sampleLine: z.string(),
});
export const data = Schema.parse(raw);
const OTHER = new RegExp(data.otherLanguage, 'iu');
const langName = (code: string) => data.names[code.toLowerCase()] ?? code;

/** Where a translation into `lang` of `file` may live, relative to the file's folder. */
export function translationCandidates(file: string, lang: string): string[] {
  const dir = path.dirname(file), ext = path.extname(file), stem = path.basename(file, ext);
  return [`${stem}.${lang}${ext}`, `${stem}-${lang}${ext}`, `${stem}_${lang}${ext}`, path.join(lang, `${stem}${ext}`), path.join('..', lang, `${stem}${ext}`)].map((p) => path.join(dir, p));
}

const rule: Rule = {
  meta: {
    id: 'language-access',
    description: 'Checks that each campaign piece exists in every language listed in the config (poster.md and poster.es.md, or a front-matter translations map); without a list, notes calls to action that never mention help in other languages.',
    principle: 'Language access: offer outreach in Spanish and the other languages your community speaks',
    severity: 'warn',
    scope: 'document',
    recommended: false,
    strictOnly: true,
  },
  check(ctx) {
    const { doc } = ctx;
    if (data.skipFormats.includes(doc.format)) return;
    if (doc.frontMatter.translate === false || doc.frontMatter.translations === false) return;
    const configured = (Array.isArray(ctx.options.languages) ? ctx.options.languages as string[] : ctx.settings.languages ?? []).map((l) => String(l).toLowerCase());
    const file = doc.filePath;
    const ext = path.extname(file);
    const stem = path.basename(file, ext);

    if (configured.length >= 2) {
      const own = String(doc.frontMatter.lang ?? doc.frontMatter.language ?? '').toLowerCase();
      const suffix = /[._-]([a-z]{2,3})$/i.exec(stem)?.[1]?.toLowerCase();
      if (suffix && configured.includes(suffix) && suffix !== configured[0]) return; // itself a translation
      if (own && own !== configured[0] && configured.includes(own)) return;
      const mine = own || configured[0]!;
      const map = (doc.frontMatter.translations && typeof doc.frontMatter.translations === 'object') ? doc.frontMatter.translations as Record<string, unknown> : {};
      const missing: { lang: string; expected: string; listed?: string }[] = [];
      for (const lang of configured) {
        if (lang === mine) continue;
        const listed = map[lang];
        if (typeof listed === 'string' && listed.trim()) {
          if (/^[a-z]+:\/\//i.test(listed) || fs.existsSync(path.resolve(path.dirname(file), listed))) continue;
          missing.push({ lang, expected: listed, listed });
          continue;
        }
        if (translationCandidates(file, lang).some((p) => fs.existsSync(p))) continue;
        missing.push({ lang, expected: `${stem}.${lang}${ext}` });
      }
      if (missing.length === 0) return;
      const list = missing.map((m) => m.listed ? `${langName(m.lang)} (the translations entry points to “${m.listed}”, which was not found)` : `${langName(m.lang)} (expected “${m.expected}” next to it)`).join('; ');
      ctx.report({
        message: `This piece is missing in ${missing.length === 1 ? 'a language' : 'languages'} your project serves: ${list}. People who do not read ${langName(mine)} cannot use it.`,
        severity: 'warn',
        suggestions: [
          { desc: `Add the translation as ${missing.map((m) => `“${m.expected}”`).join(', ')}, ideally reviewed by a native speaker from the community.` },
          { desc: 'Or list existing translations in the front matter: `translations: { es: poster.es.md }`; set `translate: false` for pieces that are not translated on purpose.' },
        ],
      });
      return;
    }

    // no language list: a call to action that never mentions help in other languages
    const segs = copySegments(doc);
    if (segs.length === 0 || concreteAction(doc, ctx.settings.localAction?.resources ?? []) === undefined) return;
    if (segs.some((s) => OTHER.test(s.text))) return;
    ctx.report({
      message: 'This piece asks readers to act but never says help is available in other languages. Many people who most need the hotline or service do not read English well.',
      severity: 'info',
      suggestions: [
        { desc: `Add a line such as “${data.sampleLine}”` },
        { desc: 'Or set `languages` in the config (e.g. ["en", "es"]) and provide a translated version of this piece.' },
      ],
    });
  },
};

export default rule;
