import { withTexts } from '../localization.js';

/**
 * Fetches the dialog's chunk (`session-timer-dialog.ts`) with its texts (`withTexts`). Tests
 * replace `load` (a failing or a manual `import()`) to see the element without it; a page never
 * does.
 */
export const sessionTimerDialogImport = {
  load: () => withTexts(import('./session-timer-dialog.js'), 'session-timer/session-timer-dialog'),
};
