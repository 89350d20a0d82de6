/**
 * Fetches the desks' chunk (`support-contacts-desks.ts`). Tests replace `load` (a failing or a
 * manual `import()`) to see the element without it; a page never does.
 */
export const supportContactsDesksImport = {
  load: () => import('./support-contacts-desks.js'),
};
