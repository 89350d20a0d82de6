/**
 * The Shōmei tags in Vue templates (`GlobalComponents`), typed from custom-elements.json by
 * custom-element-vuejs-integration (packages/elements/types/generate.mjs).
 */
import '../../../packages/elements/types/vue.generated.js';

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}
