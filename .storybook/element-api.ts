/**
 * The API tables of the docs pages (issue 7): an element's argTypes from custom-elements.json,
 * for `parameters.docs.extractArgTypes` in preview.ts.
 *
 * Storybook's own extractor (@storybook/web-components) keys every row by its bare name, so a
 * slot, a part, an attribute and a property of the same name overwrite one another: the dialog's
 * `heading` and `actions` slots vanish behind its parts of those names, the text field's four
 * slots behind its parts, and the unnamed (default) slot is dropped. It also lists private
 * fields. Here each category but the properties gets keys of its own, so every row the manifest
 * documents shows, under Storybook's category names (scripts/check-stories.mjs reads them).
 *
 * Controls stay on the properties (the stories' args are property names: `headingLevel`,
 * `imeHint`...); attributes, events, slots, parts and custom properties are documentation only.
 */
import type { ArgTypes } from '@storybook/web-components-vite';

type InputType = ArgTypes[string];

interface Documented {
  readonly name: string;
  readonly kind?: string;
  readonly description?: string;
  readonly type?: { readonly text?: string };
  readonly default?: string;
  readonly privacy?: string;
  readonly static?: boolean;
  readonly readonly?: boolean;
}

interface Declaration {
  readonly kind: string;
  readonly name: string;
  readonly tagName?: string;
  readonly members?: readonly Documented[];
  readonly attributes?: readonly Documented[];
  readonly events?: readonly Documented[];
  readonly slots?: readonly Documented[];
  readonly cssParts?: readonly Documented[];
  readonly cssProperties?: readonly Documented[];
}

export interface CustomElementsManifest {
  readonly modules: readonly { readonly declarations?: readonly Declaration[] }[];
}

/** Storybook's category names, as the docs table shows them (upper-cased by its CSS). */
const CATEGORIES = {
  properties: 'properties',
  attributes: 'attributes',
  events: 'events',
  slots: 'slots',
  cssParts: 'css shadow parts',
  cssProperties: 'css custom properties',
} as const;

/** The name the table shows for the unnamed slot. */
const DEFAULT_SLOT = '(default)';

function declarationOf(manifest: CustomElementsManifest, tagName: string): Declaration | undefined {
  return manifest.modules
    .flatMap((module) => module.declarations ?? [])
    .find((declaration) => declaration.tagName === tagName);
}

/** Public instance fields: what a host page may read or set. */
function publicProperties(declaration: Declaration): Documented[] {
  return (declaration.members ?? []).filter(
    (member) =>
      member.kind === 'field' &&
      !member.static &&
      member.privacy !== 'private' &&
      member.privacy !== 'protected',
  );
}

const SCALARS = ['boolean', 'number', 'string'] as const;
const isScalar = (text: string): text is (typeof SCALARS)[number] =>
  (SCALARS as readonly string[]).includes(text);

/** Storybook's type of a row (what a property's control is inferred from). */
function sbType(text: string): NonNullable<InputType['type']> {
  const bare = text.replace(/ \| undefined$/, '');
  return isScalar(bare) ? { name: bare } : { name: 'other', value: text };
}

function row(item: Documented, category: string, name = item.name): InputType {
  const type = item.type?.text;
  return {
    name,
    description: item.description ?? '',
    // Without a type (slots, parts, custom properties...) the table shows none, not `other`.
    ...(type === undefined ? {} : { type: sbType(type) }),
    table: {
      category,
      ...(type === undefined ? {} : { type: { summary: type } }),
      ...(item.default === undefined ? {} : { defaultValue: { summary: item.default } }),
    },
  };
}

const documentationOnly = (input: InputType): InputType => ({ ...input, control: false });

/** `on<Event>` args Storybook's actions fill (as @storybook/web-components names them). */
const actionName = (event: string) =>
  `on${event.replace(/(?:^|[-_:.\s]+)(.)/g, (_match, letter: string) => letter.toUpperCase())}`;

/** The argTypes of `tagName` (a story meta's `component`) from `manifest`. */
export function argTypesFromManifest(
  manifest: CustomElementsManifest,
  tagName: unknown,
): ArgTypes | null {
  if (typeof tagName !== 'string') return null;
  const declaration = declarationOf(manifest, tagName);
  if (declaration === undefined) return null;
  const argTypes: ArgTypes = {};
  for (const property of publicProperties(declaration)) {
    const input = row(property, CATEGORIES.properties);
    argTypes[property.name] = property.readonly ? documentationOnly(input) : input;
  }
  for (const attribute of declaration.attributes ?? [])
    argTypes[`attribute:${attribute.name}`] = documentationOnly(
      row(attribute, CATEGORIES.attributes),
    );
  for (const event of declaration.events ?? []) {
    argTypes[actionName(event.name)] = {
      name: actionName(event.name),
      action: event.name,
      table: { disable: true },
    };
    argTypes[`event:${event.name}`] = documentationOnly(row(event, CATEGORIES.events));
  }
  for (const slot of declaration.slots ?? [])
    argTypes[`slot:${slot.name}`] = documentationOnly(
      row(slot, CATEGORIES.slots, slot.name === '' ? DEFAULT_SLOT : slot.name),
    );
  for (const part of declaration.cssParts ?? [])
    argTypes[`part:${part.name}`] = documentationOnly(row(part, CATEGORIES.cssParts));
  for (const property of declaration.cssProperties ?? [])
    argTypes[property.name] = documentationOnly(row(property, CATEGORIES.cssProperties));
  return argTypes;
}
