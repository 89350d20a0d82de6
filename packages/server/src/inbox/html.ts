/**
 * A tiny HTML builder: `markup` escapes every interpolated value unless it is already `Html`
 * (built by `markup` itself) or an array of such. Mail content only ever enters as a value.
 *
 * (Not named `html`: Prettier would reformat such templates as HTML, whitespace in `<pre>`
 * included.)
 */
export class Html {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  toString(): string {
    return this.#value;
  }
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

export type HtmlValue = Html | string | number | null | undefined | false | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.toString();
  if (Array.isArray(value)) return value.map((item: HtmlValue) => render(item)).join('');
  return escapeHtml(String(value));
}

export function markup(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? '');
  });
  return new Html(out);
}

const URL_PATTERN = /https?:\/\/[^\s<>"'「」（）、。]+/g;

/** The http(s) URLs in a text, without trailing sentence punctuation. */
function urlsIn(text: string): { url: string; index: number }[] {
  return [...text.matchAll(URL_PATTERN)].map((match) => ({
    url: match[0].replace(/[.,;:!?)\]]+$/, ''),
    index: match.index,
  }));
}

/** Plain text with its http(s) URLs as links; everything else escaped. */
export function linkify(text: string): Html {
  const parts: Html[] = [];
  let last = 0;
  for (const { url, index } of urlsIn(text)) {
    parts.push(markup`${text.slice(last, index)}`);
    parts.push(markup`<a href="${url}" rel="noreferrer noopener" target="_blank">${url}</a>`);
    last = index + url.length;
  }
  parts.push(markup`${text.slice(last)}`);
  return markup`${parts}`;
}

/** The first http(s) URL in a text, if any. */
export function firstUrl(text: string): string | null {
  return urlsIn(text)[0]?.url ?? null;
}
