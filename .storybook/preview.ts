/**
 * Every story gets: a fresh in-memory Shōmei service behind msw (stories/support/mock.ts), the
 * page-wide SDK client in bearer mode against it, the toolbar's locale and university theme.
 * msw-storybook-addon's own preview (registered in main.ts) starts the worker and puts it on
 * `context.msw` before this `beforeEach` runs; it resets the worker's handlers after each story.
 */
import {
  getShomeiLocale,
  isShomeiLocale,
  LOCALE_NAMES,
  setShomeiLocale,
  SHOMEI_LOCALES,
  type ShomeiLocale,
} from '@shomei/elements';
import manifest from '@shomei/elements/custom-elements.json' with { type: 'json' };
import { setCustomElementsManifest, type Preview } from '@storybook/web-components-vite';
import { html } from 'lit';
import { startStoryMock } from '../stories/support/mock.js';
import { argTypesFromManifest } from './element-api.js';
import ElementDocs from './element-docs.mdx';
import { THEMES, type ThemeName } from './themes.js';
import './preview.css';

// The docs pages (@storybook/addon-docs, autodocs for every story file: `tags` below) and the
// controls read the element's API from the manifest `npm run manifest` writes from the JSDoc:
// its description through Storybook's reader, its tables through ./element-api.ts.
setCustomElementsManifest(manifest);

const localeOf = (value: unknown): ShomeiLocale => (isShomeiLocale(value) ? value : 'ja');

/** `<html lang>` follows the story's locale: axe wants it, and Chromium picks CJK fonts by it. */
function applyLocale(locale: ShomeiLocale): Promise<void> {
  document.documentElement.lang = locale;
  return getShomeiLocale() === locale ? Promise.resolve() : setShomeiLocale(locale);
}

const preview: Preview = {
  // A docs page per element (issue 7): ./element-docs.mdx, with the meta's `component` tag.
  tags: ['autodocs'],
  globalTypes: {
    locale: {
      description: 'Language of the Shōmei elements (X1, A14)',
      toolbar: {
        title: 'Locale',
        icon: 'globe',
        items: SHOMEI_LOCALES.map((locale) => ({ value: locale, title: LOCALE_NAMES[locale] })),
        dynamicTitle: true,
      },
    },
    theme: {
      description: "A university's theme: CSS custom properties on a wrapper (X3)",
      toolbar: {
        title: 'Theme',
        icon: 'paintbrush',
        items: Object.entries(THEMES).map(([value, { title }]) => ({ value, title })),
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { locale: 'ja', theme: 'default' satisfies ThemeName },

  parameters: {
    controls: { expanded: true },
    layout: 'padded',
    docs: {
      page: ElementDocs,
      extractArgTypes: (component: unknown) => argTypesFromManifest(manifest, component),
    },
  },

  async beforeEach(context) {
    startStoryMock(context);
    // Before the first render, so the element starts in the toolbar's language.
    await applyLocale(localeOf(context.globals['locale']));
  },

  decorators: [
    (story, context) => {
      // A locale switch from the toolbar re-renders the story without a new beforeEach.
      void applyLocale(localeOf(context.globals['locale']));
      const theme = context.globals['theme'];
      const name: ThemeName =
        typeof theme === 'string' && theme in THEMES ? (theme as ThemeName) : 'default';
      return html`<div class="shomei-theme shomei-theme-${name}">${story()}</div>`;
    },
  ],
};

export default preview;
