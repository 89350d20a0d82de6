/**
 * The toolbar's university themes. Each is a class in preview.css that sets the elements'
 * public custom properties (packages/elements/src/styles/tokens.ts) on the story's wrapper,
 * as a university would on its own page.
 */
export const THEMES = {
  default: { title: 'Default (no theme)' },
  shomei: { title: '証明大学 (navy, serif)' },
  minato: { title: 'みなと工科大学 (green, sans)' },
} as const;

export type ThemeName = keyof typeof THEMES;
