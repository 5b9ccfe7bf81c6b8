/** Inline control comments: disable / enable / disable-next-line / disable-line, with and without ids, in Markdown and HTML. */
import { describe, expect, it } from 'vitest';
import { lintText } from '../src/engine.js';

/** «actual»@line for each finding of the two built-in rules */
async function found(text: string, filePath = 'doc.md'): Promise<string[]> {
  const res = await lintText(text, { filePath, config: {}, cwd: '/tmp' });
  expect(res.fatalErrorCount).toBe(0);
  return res.messages.filter((m) => m.ruleId === 'equality' || m.ruleId === 'dehumanizing-label').map((m) => `${m.ruleId}:${m.actual}@${m.line}`);
}

// line N holds both a dehumanizing-label («illegals») and an equality («chairman») finding
const L = (n: number) => `Line ${n}: the chairman hired illegals.`;

describe('Markdown directives', () => {
  it('without comments every line is reported (the baseline the other tests rely on)', async () => {
    expect(await found([L(1), '', L(3)].join('\n'))).toEqual(['equality:chairman@1', 'dehumanizing-label:illegals@1', 'equality:chairman@3', 'dehumanizing-label:illegals@3']);
  });

  it('disable … enable, all rules', async () => {
    const text = [L(1), '', '<!-- campaign-lint-disable -->', '', L(5), '', '<!-- campaign-lint-enable -->', '', L(9)].join('\n');
    expect(await found(text)).toEqual(['equality:chairman@1', 'dehumanizing-label:illegals@1', 'equality:chairman@9', 'dehumanizing-label:illegals@9']);
  });

  it('disable with ids only silences those rules; enable with an id re-enables only it', async () => {
    const text = [
      '<!-- campaign-lint-disable equality, dehumanizing-label -->', '', L(3), '',
      '<!-- campaign-lint-enable dehumanizing-label -->', '', L(7), '',
    ].join('\n');
    expect(await found(text)).toEqual(['dehumanizing-label:illegals@7']);
  });

  it('disable to the end of the file', async () => {
    const text = [L(1), '', '<!-- campaign-lint-disable equality -->', '', L(5)].join('\n');
    expect(await found(text)).toEqual(['equality:chairman@1', 'dehumanizing-label:illegals@1', 'dehumanizing-label:illegals@5']);
  });

  it('disable-next-line with and without ids, and a reason after --', async () => {
    const text = [
      '<!-- campaign-lint-disable-next-line -->', L(2), '',
      '<!-- campaign-lint-disable-next-line equality -- the report is titled this way -->', L(5), '',
      L(7),
    ].join('\n');
    expect(await found(text)).toEqual(['dehumanizing-label:illegals@5', 'equality:chairman@7', 'dehumanizing-label:illegals@7']);
  });

  it('disable-next-line skips blank lines and affects only one line', async () => {
    const text = ['<!-- campaign-lint-disable-next-line dehumanizing-label -->', '', L(3), L(4)].join('\n');
    expect(await found(text)).toEqual(['equality:chairman@3', 'equality:chairman@4', 'dehumanizing-label:illegals@4']);
  });

  it('disable-line at the end of a line', async () => {
    const text = [`${L(1)} <!-- campaign-lint-disable-line equality -->`, L(2)].join('\n');
    expect(await found(text)).toEqual(['dehumanizing-label:illegals@1', 'equality:chairman@2', 'dehumanizing-label:illegals@2']);
  });

  it('a directive shown inside a code block is an example, not a directive', async () => {
    const text = ['```md', '<!-- campaign-lint-disable -->', '```', '', L(5)].join('\n');
    expect(await found(text)).toEqual(['equality:chairman@5', 'dehumanizing-label:illegals@5']);
  });

  it('an ordinary comment or a mistyped directive does nothing', async () => {
    const text = ['<!-- campaign-lint: please review -->', '<!-- campaign-lint-disabled -->', '', L(4)].join('\n');
    expect(await found(text)).toEqual(['equality:chairman@4', 'dehumanizing-label:illegals@4']);
  });
});

describe('HTML directives', () => {
  const page = (body: string[]) => ['<!doctype html>', '<html><body>', ...body, '</body></html>'].join('\n');

  it('disable … enable with ids', async () => {
    const text = page(['<!-- campaign-lint-disable equality -->', `<p>${L(4)}</p>`, '<!-- campaign-lint-enable equality -->', `<p>${L(6)}</p>`]);
    expect(await found(text, 'page.html')).toEqual(['dehumanizing-label:illegals@4', 'equality:chairman@6', 'dehumanizing-label:illegals@6']);
  });

  it('disable-next-line covers attributes on the next line too', async () => {
    const text = page(['<!-- campaign-lint-disable-next-line -->', '<img src="a.jpg" alt="The chairman and illegals">', '<img src="b.jpg" alt="The chairman and illegals">']);
    expect(await found(text, 'page.html')).toEqual(['equality:chairman@5', 'dehumanizing-label:illegals@5']);
  });

  it('disable without ids silences everything after it', async () => {
    const text = page([`<p>${L(3)}</p>`, '<!-- campaign-lint-disable -->', `<p>${L(5)}</p>`]);
    expect(await found(text, 'page.html')).toEqual(['equality:chairman@3', 'dehumanizing-label:illegals@3']);
  });
});
