/** The built-in rules, one a file, sorted by id. A meta-test checks this list against rules/*.md and fixtures/rules/. */
import type { Rule } from '../src/types.js';
import dehumanizingLabel from './dehumanizing-label.js';
import equality from './equality.js';
import imageAltMissing from './image-alt-missing.js';
import imageLocationLeak from './image-location-leak.js';
import contentNote from './content-note.js';
import identifyingDetails from './identifying-details.js';
import laborTraffickingOmission from './labor-trafficking-omission.js';
import languageAccess from './language-access.js';
import localAction from './local-action.js';
import abductionMyth from './abduction-myth.js';
import fatalisticFraming from './fatalistic-framing.js';
import genderedExclusion from './gendered-exclusion.js';
import rescueFraming from './rescue-framing.js';
import restraintImagery from './restraint-imagery.js';
import sensationalism from './sensationalism.js';
import sexWorkConflation from './sex-work-conflation.js';
import victimBlaming from './victim-blaming.js';
import victimHierarchy from './victim-hierarchy.js';
import villainDemonization from './villain-demonization.js';
import uncitedStatistic from './uncited-statistic.js';
import unsoundStatistic from './unsound-statistic.js';

export const builtinRules: Rule[] = [
  dehumanizingLabel,
  equality,
  imageAltMissing,
  imageLocationLeak,
  contentNote,
  identifyingDetails,
  laborTraffickingOmission,
  languageAccess,
  localAction,
  abductionMyth,
  fatalisticFraming,
  genderedExclusion,
  rescueFraming,
  restraintImagery,
  sensationalism,
  sexWorkConflation,
  victimBlaming,
  victimHierarchy,
  villainDemonization,
  uncitedStatistic,
  unsoundStatistic,
].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
