/**
 * The second-password rules checked live (A5, A12, A13), as the login form and the account menu
 * both show them. A rule's state is never told by colour alone (WCAG 1.4.1): once the student
 * has typed, each rule has a mark (✓ / ✗) and a visible verdict, 「（OK）」 or 「（未達成）」, which
 * is also what a screen reader reads. Before anything is typed, rules are a plain list (・).
 *
 * The list's classes: `met` / `unmet` on each `<li>`, `mark` (aria-hidden) and `verdict` on its
 * spans; each element styles them in its light-DOM stylesheet.
 */
import { msg } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';

export interface RuleListOptions<R extends string> {
  /** Every rule, in the order shown. */
  readonly rules: readonly R[];
  /** The rules the current value fails. */
  readonly failed: readonly R[];
  /** Something was typed (before that, no rule is met or unmet). */
  readonly typed: boolean;
  /** A rule's wording. */
  readonly text: (rule: R) => string;
  /** The `<ul>`'s class. */
  readonly className: string;
  /** The id of the line that introduces the list. */
  readonly labelledBy?: string | undefined;
}

export function ruleList<R extends string>(options: RuleListOptions<R>): TemplateResult {
  const { rules, failed, typed, text } = options;
  return html`<ul class=${options.className} aria-labelledby=${ifDefined(options.labelledBy)}>
    ${rules.map((rule) => {
      const ok = !failed.includes(rule);
      const mark = !typed ? '・' : ok ? '✓' : '✗';
      return html`<li class=${!typed ? '' : ok ? 'met' : 'unmet'}>
        <span class="mark" aria-hidden="true">${mark}</span>
        <span>${text(rule)}</span>
        ${
          typed
            ? html`<span class="verdict"
                >${
                  ok
                    ? msg('（OK）', { id: 'login.rule.met' })
                    : msg('（未達成）', { id: 'login.rule.unmet' })
                }</span
              >`
            : nothing
        }
      </li>`;
    })}
  </ul>`;
}
