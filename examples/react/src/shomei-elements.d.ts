/**
 * The Shōmei tags in React's JSX, typed from custom-elements.json by @wc-toolkit/jsx-types
 * (packages/elements/types/generate.mjs): attributes, properties and `on<event-name>` handlers.
 */
import type { CustomElements } from '../../../packages/elements/types/jsx.generated.js';

declare module 'react' {
  namespace JSX {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface IntrinsicElements extends CustomElements {}
  }
}
