/**
 * Fetches the dialog's chunk (`session-timer-dialog.ts`). Tests replace `load` (a failing or a
 * manual `import()`) to see the element without it; a page never does.
 */
export const sessionTimerDialogImport = {
  load: () => import('./session-timer-dialog.js'),
};
