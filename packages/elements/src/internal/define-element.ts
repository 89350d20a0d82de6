/**
 * Registers a tag for the define modules (`src/define/shomei-*.ts`). A host page may load our
 * bundle twice (two widgets, two builds): the same version is skipped silently, a different one
 * is skipped with a warning, because `customElements.define` would throw and a tag can only
 * have one class.
 */

/** Kept equal to package.json's `version` by `npm run manifest:check`. */
export const ELEMENTS_VERSION = '0.1.0';

const VERSION_KEY = Symbol.for('shomei.elements.version');
type Versioned = { [VERSION_KEY]?: string };

export function defineElement(tag: string, element: CustomElementConstructor): void {
  const existing = customElements.get(tag);
  if (existing !== undefined) {
    const version = (existing as Versioned)[VERSION_KEY];
    if (version !== ELEMENTS_VERSION)
      console.warn(
        `Shōmei: <${tag}> is already defined (version ${version ?? 'unknown'}); ` +
          `version ${ELEMENTS_VERSION} was not registered.`,
      );
    return;
  }
  Object.defineProperty(element, VERSION_KEY, { value: ELEMENTS_VERSION });
  customElements.define(tag, element);
}
