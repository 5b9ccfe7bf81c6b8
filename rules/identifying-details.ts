/**
 * identifying-details (document-level): a survivor story that exposes a person. A name in a person
 * position ("Maya, 14, …", "Maya was trafficked …", "a survivor named Maya") together with an age, a
 * town, a school, an employer, contact details or a photo, in a piece about exploitation. Also: a
 * child's age with a named school, a safe-house location, and people named in an image's metadata
 * (doc.data.people from the image parser). Front matter `consent: on-file` and config `consent`
 * names suppress it. Warning; error when the person is a child.
 */
import { z } from 'zod';
import raw from './data/identifying-details.json' with { type: 'json' };
import { analyze, docOnTopic } from '../src/context/index.js';
import type { CampaignDocument, Rule, Segment } from '../src/types.js';

const pattern = z.string().refine((s) => { try { new RegExp(s); return true; } catch { return false; } }, 'not a valid regular expression');
const Schema = z.object({
  $comment: z.string().optional(),
  rule: z.literal('identifying-details'),
  name: pattern,
  notNames: z.array(z.string()),
  personCue: z.object({ before: pattern, after: pattern }),
  age: pattern, minorWords: pattern, school: pattern, town: pattern, employer: pattern, address: pattern,
  contact: pattern, hotlines: pattern, safeHouse: pattern, photo: pattern, anonymised: pattern,
  countries: z.array(z.string()),
  suggestions: z.array(z.string()).min(1),
});
export const data = Schema.parse(raw);

const NAME = new RegExp(data.name, 'gu');
const NOT_NAMES = new Set(data.notNames);
const COUNTRIES = new Set(data.countries);
const CUE_BEFORE = new RegExp(data.personCue.before, 'iu');
const CUE_AFTER = new RegExp(data.personCue.after, 'u');
const AGE = new RegExp(data.age, 'gu');
const MINOR_WORDS = new RegExp(data.minorWords, 'iu');
const SCHOOL = new RegExp(data.school, 'u');
const TOWN = new RegExp(data.town, 'gu');
const EMPLOYER = new RegExp(data.employer, 'u');
const ADDRESS = new RegExp(data.address, 'u');
const CONTACT = new RegExp(data.contact, 'gu');
const HOTLINES = new RegExp(data.hotlines, 'u');
const SAFE_HOUSE = new RegExp(data.safeHouse, 'iu');
const PHOTO = new RegExp(data.photo, 'iu');
const ANONYMISED = new RegExp(data.anonymised, 'iu');

const CONSENT_FM = /^(on[- ]?file|yes|true|given|obtained|written)$/i;

export interface Person { name: string; seg: Segment; sentence: string }

/** Names in a person position inside a story (not staff credits, places or organisations). */
export function findPeople(segs: Segment[], consented: Set<string>): Person[] {
  const out: Person[] = [];
  for (const seg of segs) {
    // most segments have no name next to a person cue: decided on the whole text before it is parsed into sentences
    if (!maybePerson(seg.text)) continue;
    for (const s of analyze(seg).sentences) {
      const text = seg.text.slice(s.start, s.end);
      NAME.lastIndex = 0;
      for (let m; (m = NAME.exec(text));) {
        const name = m[0];
        const first = name.split(/[- ]/)[0]!;
        if (NOT_NAMES.has(first) || NOT_NAMES.has(name) || COUNTRIES.has(first)) continue;
        if (consented.has(name.toLowerCase()) || consented.has(first.toLowerCase())) continue;
        const before = text.slice(0, m.index);
        const after = text.slice(m.index + name.length);
        if (CUE_BEFORE.test(before) || CUE_AFTER.test(after)) out.push({ name, seg, sentence: text });
      }
    }
  }
  return out;
}

/**
 * Could findPeople find anyone in this text? The same name and cue tests on the whole segment
 * instead of each sentence: a cue is anchored next to the name, so a sentence's match is also found
 * here (the text before a name is cut to the white space before it and 40 characters more).
 */
function maybePerson(text: string): boolean {
  NAME.lastIndex = 0;
  for (let m; (m = NAME.exec(text));) {
    let ws = m.index;
    while (ws > 0 && /\s/.test(text[ws - 1]!)) ws--;
    if (CUE_BEFORE.test(text.slice(Math.max(0, ws - 40), m.index)) || CUE_AFTER.test(text.slice(m.index + m[0].length))) return true;
  }
  return false;
}

function ages(text: string): number[] {
  const out: number[] = [];
  AGE.lastIndex = 0;
  for (let m; (m = AGE.exec(text));) { const n = Number(m.slice(1).find((x) => x !== undefined)); if (n > 0 && n < 100) out.push(n); }
  return out;
}

function towns(text: string, names: Set<string>): string[] {
  const out: string[] = [];
  TOWN.lastIndex = 0;
  for (let m; (m = TOWN.exec(text));) {
    const place = (m[1] ?? m[2])!;
    const first = place.split(' ')[0]!;
    if (COUNTRIES.has(first) || COUNTRIES.has(place) || NOT_NAMES.has(first) || names.has(place) || names.has(first)) continue;
    out.push(m[0].trim());
  }
  return out;
}

const rule: Rule = {
  meta: {
    id: 'identifying-details',
    description: 'Flags survivor stories that could identify a real person: a name together with an age, town, school, employer, contact details or photo; a child\'s age with a named school; a safe-house location; people named in image metadata.',
    principle: 'Protect survivors: share stories only with informed consent, and never publish details that identify a person',
    severity: 'warn',
    scope: 'document',
    recommended: true,
  },
  check(ctx) {
    const { doc } = ctx;
    if (CONSENT_FM.test(String(doc.frontMatter.consent ?? '').trim())) return;
    const consented = new Set([...(ctx.settings.consent ?? []), ...(ctx.settings.allow ?? [])].map((n) => n.trim().toLowerCase()).filter(Boolean));
    const suggestions = data.suggestions.map((desc) => ({ desc }));

    // people named in an image's metadata (image parser: doc.data.people)
    const people = Array.isArray(doc.data?.people) ? (doc.data!.people as { source?: unknown; name?: unknown }[]) : [];
    for (const p of people) {
      const name = typeof p.name === 'string' ? p.name.trim() : '';
      if (!name || consented.has(name.toLowerCase())) continue;
      ctx.report({
        message: `This image names a person in its metadata (“${name}”, in ${String(p.source ?? 'metadata')}). A named photo can identify someone; publish it only with their documented consent, or remove the name from the metadata.`,
        severity: 'warn',
        suggestions: [
          { desc: 'Remove the person fields before publishing, e.g. `exiftool -XMP-iptcExt:PersonInImage= -XMP-mwg-rs:all= file`.' },
          { desc: 'If you have their written consent, add the name to `consent` in the config.' },
        ],
        extra: { source: String(p.source ?? 'metadata') },
      });
    }

    const segs = doc.segments;
    if (segs.length === 0) return;
    const text = segs.map((s) => s.text).join('\n');
    if (ANONYMISED.test(text)) return;
    if (!docOnTopic(doc)) return;

    // a safe-house location endangers everyone in it
    const safe = SAFE_HOUSE.exec(text);
    if (safe && /\d|Street|Road|Avenue|Lane/.test(safe[0])) {
      ctx.report({
        message: `This piece gives the location of a safe house or shelter (“${safe[0]}”). Publishing it can lead traffickers to the people staying there. Remove the address; give only a phone number or a general area.`,
        severity: 'error',
        suggestions: [{ desc: 'Replace the address with a phone line or email that staff answer, or with the city or region only.' }],
      });
    }

    const found = findPeople(segs, consented);
    const names = new Set(found.flatMap((p) => [p.name, p.name.split(/[- ]/)[0]!]));
    const ageList = ages(text);
    const school = SCHOOL.exec(text)?.[0];
    const minor = ageList.some((a) => a < 18) || school !== undefined || MINOR_WORDS.test(text);
    const details: string[] = [];
    if (ageList.length) details.push(`an age (${ageList[0]})`);
    const town = towns(text, names)[0];
    if (town) details.push(`a place (“${town}”)`);
    if (school) details.push(`a school (“${school}”)`);
    const employer = EMPLOYER.exec(text);
    if (employer && !names.has(employer[1]!)) details.push(`an employer (“${employer[1]}”)`);
    const address = ADDRESS.exec(text)?.[0];
    if (address) details.push(`an address (“${address}”)`);
    CONTACT.lastIndex = 0;
    const contact = [...text.matchAll(CONTACT)].map((m) => m[0]).find((c) => !HOTLINES.test(c));
    if (contact && found.some((p) => p.sentence.includes(contact) || p.seg.text.includes(contact))) details.push(`contact details (“${contact}”)`);
    const hasPhoto = doc.images.some((i) => !i.decorative) || PHOTO.test(text);
    if (hasPhoto) details.push('a photo');

    if (found.length && details.length) {
      const who = found[0]!.name;
      ctx.report({
        message: `This story could identify a real person: it names “${who}” together with ${details.join(', ')}. ${minor ? 'This appears to be a child, so the risk is higher. ' : ''}Survivors can be found, shamed or re-targeted from details like these; publish them only with informed consent on file, or anonymise.`,
        severity: minor ? 'error' : 'warn',
        suggestions,
      });
      return;
    }
    if (school && ageList.some((a) => a < 18)) {
      ctx.report({
        message: `This piece gives a child's age together with a named school (“${school}”). That is enough to identify a child in a story of exploitation. Remove the school name, or the age, and keep only what the story needs.`,
        severity: 'error',
        suggestions,
      });
    }
  },
};

export default rule;
