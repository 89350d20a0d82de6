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

/** Page-wide (shared by every copy of the bundle): the version pairs already warned about. */
const WARNED_KEY = Symbol.for('shomei.elements.warned');
const warned = ((globalThis as { [WARNED_KEY]?: Set<string> })[WARNED_KEY] ??= new Set<string>());

export function defineElement(tag: string, element: CustomElementConstructor): void {
  const existing = customElements.get(tag);
  if (existing !== undefined) {
    const version = (existing as Versioned)[VERSION_KEY];
    const pair = `${version ?? 'unknown'} ${ELEMENTS_VERSION}`;
    // One warning per pair of versions, not one per tag: the page owner needs the fact once.
    if (version !== ELEMENTS_VERSION && !warned.has(pair)) {
      warned.add(pair);
      console.warn(
        `Shōmei: elements version ${version ?? 'unknown'} are already defined on this page; ` +
          `version ${ELEMENTS_VERSION} keeps using them (first seen at <${tag}>).`,
      );
    }
    return;
  }
  Object.defineProperty(element, VERSION_KEY, { value: ELEMENTS_VERSION });
  customElements.define(tag, element);
}
