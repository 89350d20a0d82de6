/**
 * @shomei/elements: the classes, events and helpers. Importing this module registers no tag;
 * import `@shomei/elements/define/shomei-<name>.js` (or `@shomei/elements/all.js`) for that.
 */
export { configureShomei, getShomeiClient, type ConfigureShomeiOptions } from './config.js';
export {
  getShomeiLocale,
  isShomeiLocale,
  LOCALE_NAMES,
  localizationReady,
  pickLocalized,
  setShomeiLocale,
  SHOMEI_LOCALES,
  type ShomeiLocale,
} from './localization.js';
export * from './events/index.js';
export * from './form/validators.js';
export { ELEMENTS_VERSION, defineElement } from './internal/define-element.js';
export { LightDomFormController, adoptLightDomStyles } from './internal/light-dom.js';
export { ShomeiAccountMenu } from './account-menu/account-menu.js';
export { ShomeiDialog } from './dialog/dialog.js';
export { ShomeiLanguagePicker } from './language-picker/language-picker.js';
export { ShomeiLogin } from './login/login.js';
export { ORDER_RETURN_PARAM, ShomeiOrder } from './order/order.js';
export { jpostaLookup, type PostalAddress, type PostalLookup } from './order/postal-lookup.js';
export { ShomeiOrderHistory } from './order-history/order-history.js';
export { ShomeiSessionTimer } from './session-timer/session-timer.js';
export { ShomeiSupportContacts } from './support-contacts/support-contacts.js';
export { ShomeiTextField, type TextFieldType } from './text-field/text-field.js';
