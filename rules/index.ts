/** The built-in rules, one a file, sorted by id. A meta-test checks this list against rules/*.md and fixtures/rules/. */
import type { Rule } from '../src/types.js';
import dehumanizingLabel from './dehumanizing-label.js';
import equality from './equality.js';
import localAction from './local-action.js';

export const builtinRules: Rule[] = [
  localAction,
  dehumanizingLabel,
  equality,
].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
