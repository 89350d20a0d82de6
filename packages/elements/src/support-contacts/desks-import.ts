import { withTexts } from '../localization.js';

/**
 * Fetches the desks' chunk (`support-contacts-desks.ts`) with its texts (`withTexts`). Tests
 * replace `load` (a failing or a manual `import()`) to see the element without it; a page never
 * does.
 */
export const supportContactsDesksImport = {
  load: () =>
    withTexts(import('./support-contacts-desks.js'), 'support-contacts/support-contacts-desks'),
};
