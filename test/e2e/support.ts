/**
 * What the end-to-end suites share: `npm start` (scripts/start.ts) on free ports with its own
 * SQLite, the dev inbox's mail API, and a watch over every page of a browser context (console,
 * page errors, CSP violations, 5xx answers).
 */
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';

export const root = fileURLToPath(new URL('../..', import.meta.url));

export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
/** A field's label, with or without the 「（必須）」 / "(required)" badge. */
export const labelled = (text: string) =>
  new RegExp(`^\\s*${escapeRegExp(text)}\\s*(（必須）|\\(required\\))?\\s*$`, 'u');

// ---- npm start on free ports --------------------------------------------------------------

export { startShomei, type Shomei } from '../support/demo-process.js';

// ---- the dev inbox --------------------------------------------------------------------------

export interface Mail {
  readonly id: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly kind: string | null;
  readonly locale: string | null;
  readonly link: string | null;
  readonly authKey: string | null;
}

/** The inbox's mails of `kind`, to `to` when given; newest first. */
export async function mails(inbox: string, to: string | undefined, kind: string): Promise<Mail[]> {
  const query = new URLSearchParams({ ...(to === undefined ? {} : { to }), kind });
  const response = await fetch(`${inbox}/api/mails?${query}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { mails: Mail[] }).mails;
}

/**
 * The newest mail of `kind` (to `to`, when given) that is not one of `seen` (the inbox lists
 * newest first), waiting for it up to `timeoutMs`.
 */
export async function nextMail(
  inbox: string,
  to: string | undefined,
  kind: string,
  seen: readonly Mail[] = [],
  timeoutMs = 60_000,
): Promise<Mail> {
  const known = new Set(seen.map((mail) => mail.id));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await mails(inbox, to, kind)).find((mail) => !known.has(mail.id));
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`no new ${kind} mail to ${to ?? 'anyone'}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// ---- the browser ----------------------------------------------------------------------------

/** Every page of the context: console lines, page errors, CSP violations and 5xx answers. */
export interface Watch {
  readonly console: string[];
  readonly pageErrors: string[];
  readonly cspViolations: string[];
  readonly serverErrors: string[];
}

const CSP_MARK = '[e2e] securitypolicyviolation';

export async function watch(context: BrowserContext): Promise<Watch> {
  const seen: Watch = { console: [], pageErrors: [], cspViolations: [], serverErrors: [] };
  // Runs in every document before the page's own script: reports violations to the console.
  await context.addInitScript((mark: string) => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(
        `${mark}: ${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'} ` +
          `at ${event.sourceFile}:${event.lineNumber} (${event.disposition})`,
      );
    });
  }, CSP_MARK);
  const track = (page: Page): void => {
    page.on('console', (message) => {
      const line = `[${new Date().toISOString()}] ${message.type()} ${page.url()}: ${message.text()}`;
      seen.console.push(line);
      const text = message.text();
      if (
        text.includes(CSP_MARK) ||
        /Content Security Policy|requires 'Trusted|Trusted ?Type/iu.test(text) ||
        /Refused to (load|execute|apply|connect|frame)/u.test(text)
      )
        seen.cspViolations.push(line);
    });
    page.on('pageerror', (error) => {
      const line = `${page.url()}: ${error.stack ?? error.message}`;
      seen.pageErrors.push(line);
      seen.console.push(`[${new Date().toISOString()}] pageerror ${line}`);
    });
    page.on('response', (response) => {
      if (response.status() >= 500)
        seen.serverErrors.push(
          `${response.status()} ${response.request().method()} ${response.url()}`,
        );
    });
  };
  context.on('page', track);
  return seen;
}
