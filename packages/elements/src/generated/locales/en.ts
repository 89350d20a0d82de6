
    // Do not modify this file by hand!
    // Re-generate this file by running lit-localize

    
    import {str} from '@lit/localize';

    /* eslint-disable no-irregular-whitespace */
    /* eslint-disable @typescript-eslint/no-explicit-any */

    export const templates = {
      'field.ime-hint': `Full-width characters were typed. Turn the IME off and type half-width letters and digits.`,
'field.required-badge': ` (required)`,
'language-picker.label': `LANG (Language)`,
'support-contacts.call-center-topic': `Questions about payment or the system (cannot log in, mail does not arrive, etc.)`,
'support-contacts.chat': `Chat support`,
'support-contacts.chat-link': `Open chat support (new tab)`,
'support-contacts.email': `Email`,
'support-contacts.error': `Contact details could not be loaded.`,
'support-contacts.heading': `Contact`,
'support-contacts.hours': `Hours`,
'support-contacts.loading': `Loading contact details…`,
'support-contacts.phone': `Phone`,
'support-contacts.retry': `Try again`,
'support-contacts.student-support-topic': `Questions about applications and whether a certificate can be issued`,
'validation.email': `Enter an email address (for example name@example.ac.jp).`,
'validation.matches': `The entries do not match.`,
'validation.max-length': str`Enter no more than ${0} characters.`,
'validation.required': `Please fill in this field.`,
    };
  