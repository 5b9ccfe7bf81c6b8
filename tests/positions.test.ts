/**
 * Positions map back exactly: every segment piece points at the file text it came from, and every
 * finding's `actual` is the file text at [offset, endOffset), with line/column agreeing with the offsets
 * (1-based, UTF-16 columns, CR, LF and CRLF line ends).
 */
import { describe, expect, it } from 'vitest';
import { lintText } from '../src/engine.js';
import { parseMarkdown } from '../src/parse/markdown.js';
import { parseHtml } from '../src/parse/html.js';
import { parsePlainText } from '../src/parse/text.js';
import { LineIndex, SegmentBuilder, segToFile } from '../src/positions.js';
import type { CampaignDocument, Finding } from '../src/types.js';

/** line/column of an offset, computed independently of LineIndex */
function naiveLocate(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const parts = before.split(/\r\n|\r|\n/);
  return { line: parts.length, column: parts[parts.length - 1]!.length + 1 };
}

/** Every piece of every segment maps onto the file text it stands for. */
function checkPieces(doc: CampaignDocument): void {
  for (const seg of doc.segments) {
    let lastFile = -1;
    for (const p of seg.pieces) {
      const segText = seg.text.slice(p.seg, p.seg + p.len);
      const fileText = doc.text.slice(p.file, p.file + p.fileLen);
      if (p.len === p.fileLen && !/\s/.test(segText)) expect(fileText, `segment ${seg.id} (${seg.source}) piece at ${p.file}`).toBe(segText);
      else if (p.len !== p.fileLen) {
        // an entity, an escape or normalised whitespace
        expect(/^&#?\w+;$/.test(fileText) || /^\\.$/.test(fileText) || /^\s+$/.test(fileText) || p.fileLen === 0, `piece ${JSON.stringify(fileText)} for ${JSON.stringify(segText)}`).toBe(true);
      }
      expect(p.file, 'pieces run forward through the file').toBeGreaterThanOrEqual(lastFile);
      lastFile = p.file + p.fileLen;
    }
  }
}

async function findings(text: string, filePath: string): Promise<Finding[]> {
  const res = await lintText(text, { filePath, config: {}, cwd: '/tmp' });
  expect(res.fatalErrorCount).toBe(0);
  for (const m of res.messages) {
    if (m.actual === undefined) continue;
    expect(text.slice(m.offset, m.endOffset), `${m.ruleId} at ${m.line}:${m.column}`).toBe(m.actual);
    expect({ line: m.line, column: m.column }).toEqual(naiveLocate(text, m.offset));
    expect({ line: m.endLine, column: m.endColumn }).toEqual(naiveLocate(text, m.endOffset));
  }
  return res.messages;
}

/** the findings as "rule «actual» line:col" */
async function summary(text: string, filePath = 'doc.md'): Promise<string[]> {
  // other rules are checked for exact positions in findings(); the expectations name only the two foundation rules
  return (await findings(text, filePath)).filter((m) => m.actual !== undefined && (m.ruleId === 'equality' || m.ruleId === 'dehumanizing-label')).map((m) => `${m.ruleId} «${m.actual}» ${m.line}:${m.column}${m.source && m.source !== 'text' ? ` ${m.source}` : ''}`);
}

/** "rule «phrase» line:col [source]" for the nth (1-based) occurrence of `phrase` in `text`, located independently */
function exp(text: string, rule: string, phrase: string, nth = 1, source?: string): string {
  let at = -1;
  for (let k = 0; k < nth; k++) at = text.indexOf(phrase, at + 1);
  if (at < 0) throw new Error(`test bug: "${phrase}" #${nth} not in text`);
  const { line, column } = naiveLocate(text, at);
  return `${rule} «${phrase}» ${line}:${column}${source ? ` ${source}` : ''}`;
}
const EQ = 'equality', DL = 'dehumanizing-label';

describe('LineIndex', () => {
  it('counts LF, CRLF and lone CR line ends and gives 1-based UTF-16 columns', () => {
    const text = 'ab\ncd\r\nef\rgh😀x';
    const li = new LineIndex(text);
    for (let o = 0; o <= text.length; o++) if (!(text[o - 1] === '\r' && text[o] === '\n')) expect(li.locate(o), `offset ${o}`).toEqual(naiveLocate(text, o));
    expect(li.locate(text.indexOf('\r\n') + 1)).toEqual({ line: 2, column: 4 });
    expect(li.lineCount).toBe(4);
  });
});

describe('SegmentBuilder.addAligned', () => {
  const align = (value: string, source: string, escapes = false) => {
    const b = new SegmentBuilder();
    b.addAligned(value, source, 100, { escapes });
    return b;
  };
  it('maps a named entity onto its whole reference', () => {
    const b = align('Tom & Jerry', 'Tom &amp; Jerry');
    const seg = { id: 0, text: b.text, kind: 'paragraph' as const, source: 'text', pieces: b.pieces };
    expect(segToFile(seg, 4)).toBe(104);
    expect(segToFile(seg, 5, true)).toBe(109);
    expect(segToFile(seg, 6)).toBe(110);
  });
  it('maps numeric references, astral ones included', () => {
    const b = align('caf\u00e9 😀 ok', 'caf&#233; &#x1F600; ok');
    const seg = { id: 0, text: b.text, kind: 'paragraph' as const, source: 'text', pieces: b.pieces };
    expect(segToFile(seg, 'café 😀 '.length)).toBe(100 + 'caf&#233; &#x1F600; '.length);
  });
  it('keeps a literal ampersand that is not a reference', () => {
    const b = align('A & B; C', 'A & B; C');
    expect(b.pieces).toEqual([{ seg: 0, file: 100, len: 8, fileLen: 8 }]);
  });
  it('maps backslash escapes only when asked (Markdown, YAML), not in HTML', () => {
    const md = align('a *b* c', 'a \\*b\\* c', true);
    const seg = { id: 0, text: md.text, kind: 'paragraph' as const, source: 'text', pieces: md.pieces };
    expect(segToFile(seg, 6)).toBe(100 + 'a \\*b\\* '.length);
    const html = align('a \\*b c', 'a \\*b c');
    expect(html.text).toBe('a \\*b c');
    expect(html.pieces).toEqual([{ seg: 0, file: 100, len: 7, fileLen: 7 }]);
  });
  it('skips block-quote markers and indentation on continuation lines', () => {
    const b = align('one\ntwo three', 'one\n> two three');
    const seg = { id: 0, text: b.text, kind: 'paragraph' as const, source: 'text', pieces: b.pieces };
    expect(segToFile(seg, 4)).toBe(100 + 'one\n> '.length);
    expect(segToFile(seg, 'one\ntwo three'.length, true)).toBe(100 + 'one\n> two three'.length);
  });
});

describe('Markdown positions', () => {
  it('front matter: plain, quoted, block and nested string fields', async () => {
    const text = [
      '---',
      'title: Meet the chairman',
      'description: "Stop calling them \\"illegals\\" today, chairman"',
      'summary: |',
      '  Our chairman asked us',
      '  to say more.',
      'image:',
      '  alt: The chairman at a desk',
      'layout: chairman',
      '---',
      '',
      'Body.',
      '',
    ].join('\n');
    checkPieces(parseMarkdown('x.md', text));
    const got = await summary(text);
    expect(got).toContain(exp(text, EQ, 'chairman', 1, 'front-matter:title'));
    expect(got).toContain(exp(text, EQ, 'chairman', 2, 'front-matter:description'));
    expect(got).toContain(exp(text, EQ, 'chairman', 3, 'front-matter:summary'));
    expect(got).toContain(exp(text, EQ, 'chairman', 4, 'front-matter:alt'));
    // non-prose keys (layout) are not linted
    expect(got.some((g) => g.includes(' 9:'))).toBe(false);
  });

  it('lists, nested lists and continuation lines', async () => {
    const text = '- First the chairman\n  then illegals\n  - nested hookers here\n1. numbered illegals\n';
    checkPieces(parseMarkdown('x.md', text));
    expect(await summary(text)).toEqual([
      exp(text, EQ, 'chairman', 1),
      exp(text, DL, 'illegals', 1),
      exp(text, DL, 'hookers', 1),
      exp(text, DL, 'illegals', 2),
    ]);
  });

  it('links, emphasis, strong, strike-through and inline code', async () => {
    const text = 'See [the *chairman* report](https://example.org/illegals) and **illegals** or ~~hookers~~ but not `illegals`.\n';
    checkPieces(parseMarkdown('x.md', text));
    expect(await summary(text)).toEqual([
      exp(text, EQ, 'chairman', 1),
      exp(text, DL, 'illegals', 2),
      exp(text, DL, 'hookers', 1),
    ]);
  });

  it('entities and backslash escapes', async () => {
    const text = 'Caf&eacute; &amp; \\*chairman\\* &#8212; the illegals &#x1F600; hookers\n';
    checkPieces(parseMarkdown('x.md', text));
    expect(await summary(text)).toEqual([
      exp(text, EQ, 'chairman', 1),
      exp(text, DL, 'illegals', 1),
      exp(text, DL, 'hookers', 1),
    ]);
  });

  it('CRLF line ends', async () => {
    const text = '# Title\r\n\r\nA line\r\nwith illegals\r\nand the chairman.\r\n\r\n- item hookers\r\n';
    checkPieces(parseMarkdown('x.md', text));
    expect(await summary(text)).toEqual([
      exp(text, DL, 'illegals', 1),
      exp(text, EQ, 'chairman', 1),
      exp(text, DL, 'hookers', 1),
    ]);
  });

  it('non-ASCII and emoji: offsets and columns count UTF-16 code units', async () => {
    const text = 'Ñandú 😀😀 — «illegals» ünd 👩🏽‍🌾 chairman\n';
    const got = await summary(text);
    expect(got).toEqual([
      `dehumanizing-label «illegals» 1:${text.indexOf('illegals') + 1}`,
      `equality «chairman» 1:${text.indexOf('chairman') + 1}`,
    ]);
  });

  it('GFM table cells', async () => {
    const text = '| Who | Note |\n|-----|------|\n| the chairman | *illegals* |\n| a \\| pipe | hookers |\n';
    const doc = parseMarkdown('x.md', text);
    checkPieces(doc);
    expect(doc.segments.filter((s) => s.kind === 'table-cell').map((s) => s.text)).toContain('the chairman');
    expect(await summary(text)).toEqual([
      exp(text, EQ, 'chairman', 1),
      exp(text, DL, 'illegals', 1),
      exp(text, DL, 'hookers', 1),
    ]);
  });

  it('image alt text and titles, with emphasis inside the alt', async () => {
    const text = 'Text ![A *chairman* with illegals](photo.jpg "The hookers") end.\n\n![](empty.png)\n';
    const doc = parseMarkdown('x.md', text);
    checkPieces(doc);
    expect(doc.images.map((i) => [i.src, i.alt])).toEqual([['photo.jpg', 'A chairman with illegals'], ['empty.png', '']]);
    expect(await summary(text)).toEqual([
      exp(text, EQ, 'chairman', 1, 'alt'),
      exp(text, DL, 'illegals', 1, 'alt'),
      exp(text, DL, 'hookers', 1, 'title'),
    ]);
  });

  it('block quotes with lazy and marked continuation lines', async () => {
    const text = '> The chairman said\n> the illegals\nlazy hookers line\n';
    checkPieces(parseMarkdown('x.md', text));
    expect(await summary(text)).toEqual([
      exp(text, EQ, 'chairman', 1),
      exp(text, DL, 'illegals', 1),
      exp(text, DL, 'hookers', 1),
    ]);
  });

  it('HTML blocks and inline HTML: text, alt and title attributes; comments and code skipped', async () => {
    const text = [
      '<div class="box">',
      '<p>The chairman &amp; the illegals</p>',
      '<img src="a.png" alt="Two hookers &mdash; posed" title="chairman">',
      '<!-- illegals in a comment -->',
      '<pre>illegals</pre>',
      '</div>',
      '',
      'Inline <span title="illegals">the <b>chairman</b></span> text.',
      '',
    ].join('\n');
    const doc = parseMarkdown('x.md', text);
    checkPieces(doc);
    expect(await summary(text)).toEqual([
      exp(text, EQ, 'chairman', 1),
      exp(text, DL, 'illegals', 1),
      exp(text, DL, 'hookers', 1, 'alt'),
      exp(text, EQ, 'chairman', 2, 'title'),
      exp(text, DL, 'illegals', 4, 'title'),
      exp(text, EQ, 'chairman', 3),
    ]);
  });

  it('code blocks, inline code, bare URLs and comments are never prose', () => {
    const text = '```\nillegals\n```\n\n    illegals indented\n\n<!-- illegals -->\n\n<https://illegals.example>\n\nhttps://example.org/illegals\n';
    const doc = parseMarkdown('x.md', text);
    expect(doc.segments.map((s) => s.text).join(' ')).not.toMatch(/illegals/);
  });
});

describe('HTML positions', () => {
  it('visible text, entities, alt/title attributes, figcaption and meta content', async () => {
    const text = [
      '<!doctype html>',
      '<html><head><title>The chairman</title>',
      '<meta name="description" content="About illegals &amp; more">',
      '<meta property="og:image:alt" content="Hookers in a line">',
      '<script>var illegals = 1;</script><style>.illegals{}</style></head>',
      '<body><h1>Caf&eacute; chairman</h1>',
      '<figure><img src="p.jpg" alt=\'the illegals\'><figcaption>Our chairman &#8212; hookers</figcaption></figure>',
      '<p title="illegals">Text</p>',
      '</body></html>',
      '',
    ].join('\r\n');
    const doc = parseHtml('x.html', text);
    checkPieces(doc);
    const got = await summary(text, 'page.html');
    expect(got).toEqual([
      exp(text, EQ, 'chairman', 1),
      exp(text, DL, 'illegals', 1, 'meta:description'),
      exp(text, DL, 'Hookers', 1, 'meta:og:image:alt'),
      exp(text, EQ, 'chairman', 2),
      exp(text, DL, 'illegals', 4, 'alt'),
      exp(text, EQ, 'chairman', 3, 'caption'),
      exp(text, DL, 'hookers', 1, 'caption'),
      exp(text, DL, 'illegals', 5, 'title'),
    ]);
  });
});

describe('plain text positions', () => {
  it('paragraphs with CRLF and emoji', async () => {
    const text = '🚨 Share this!\r\n\r\n  The chairman met illegals.\r\nMore hookers.\r\n';
    checkPieces(parsePlainText('x.txt', text));
    expect(await summary(text, 'post.txt')).toEqual([
      exp(text, EQ, 'chairman', 1),
      exp(text, DL, 'illegals', 1),
      exp(text, DL, 'hookers', 1),
    ]);
  });
});
