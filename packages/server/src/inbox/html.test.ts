import { describe, expect, it } from 'vitest';
import { escapeHtml, firstUrl, linkify, markup } from './html.js';

describe('inbox HTML helper', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    const hostile = `"><script>alert('x')</script>&`;
    expect(markup`<p title="${hostile}">${hostile}</p>`.toString()).toBe(
      '<p title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">' +
        '&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</p>',
    );
    expect(escapeHtml('日本語はそのまま')).toBe('日本語はそのまま');
  });

  it('keeps built markup as is and renders arrays and empty values', () => {
    const items = ['<a>', 'b'].map((item) => markup`<li>${item}</li>`);
    expect(markup`<ul>${items}${null}${undefined}${false}${0}</ul>`.toString()).toBe(
      '<ul><li>&lt;a&gt;</li><li>b</li>0</ul>',
    );
  });

  it('makes http(s) links clickable, escaped, without trailing punctuation', () => {
    expect(linkify('URL：https://u.example/a?b=1&c=2#t=x。\n<b>').toString()).toBe(
      'URL：<a href="https://u.example/a?b=1&amp;c=2#t=x" rel="noreferrer noopener" target="_blank">' +
        'https://u.example/a?b=1&amp;c=2#t=x</a>。\n&lt;b&gt;',
    );
    expect(linkify('javascript:alert(1) ftp://x').toString()).toBe('javascript:alert(1) ftp://x');
    expect(firstUrl('Open https://u.example/x. Then https://u.example/y')).toBe(
      'https://u.example/x',
    );
    expect(firstUrl('no link here')).toBeNull();
  });
});
