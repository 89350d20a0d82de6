/**
 * React 19 host: the elements as plain JSX tags, no wrapper. React 19 sets a custom element's
 * props as properties when the element has them (`session`, `client`) and adds a listener for
 * each `on<event-name>` prop, with the event name exactly as written after `on`:
 * `onshomei-login` listens to `shomei-login`.
 */
import '@shomei/elements/define/shomei-login.js';
import '@shomei/elements/define/shomei-account-menu.js';
import '@shomei/elements/define/shomei-order.js';
import { configureShomei } from '@shomei/elements';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';

// The service answers on the same origin as this page (first-party session cookie).
configureShomei({ baseUrl: new URL('/t/demo', window.location.origin).href });

const root = document.getElementById('root');
if (root === null) throw new Error('no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
