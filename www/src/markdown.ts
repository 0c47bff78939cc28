// A tiny, safe Markdown renderer for agent responses.
//
// Safety comes first: the whole input is HTML-escaped before anything else,
// so the only tags in the output are the ones this file writes. Links are
// kept only for http(s) URLs (anything else shows as plain text), and open
// in a new tab without an opener.
//
// Supported: paragraphs, headings, blockquotes, bullet and numbered lists
// (one level, with continuation lines), fenced code blocks (``` with an
// optional language; JS is highlighted), horizontal rules, inline `code`,
// **bold** / __bold__, *italic* / _italic_, [links](https://…), <https://…>
// autolinks and backslash escapes.

import { escapeHtml } from './dom';
import { highlightJs } from './highlight';

/** Markdown `source` as HTML, safe to assign to `innerHTML`. */
export function renderMarkdown(source: string): string {
  const lines = escapeHtml(source.replace(/\r\n?/g, '\n')).split('\n');
  return renderBlocks(lines);
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([\w+#.-]*)\s*$/;
const HEADING = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const QUOTE = /^ {0,3}&gt; ?(.*)$/;
const BULLET = /^ {0,3}[-*+]\s+(.*)$/;
const ORDERED = /^ {0,3}(\d{1,9})[.)]\s+(.*)$/;
const RULE = /^ {0,3}([-*_])(\s*\1){2,}\s*$/;

function renderBlocks(lines: string[]): string {
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) {
      i++;
      continue;
    }

    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1];
      const lang = fence[2].toLowerCase();
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i].trim().startsWith(marker)) body.push(lines[i++]);
      i++; // the closing fence (or the end)
      out.push(codeBlock(body.join('\n'), lang));
      continue;
    }

    const heading = HEADING.exec(line);
    if (heading) {
      const level = heading[1].length;
      out.push(`<h${level}>${renderInline(heading[2])}</h${level}>`);
      i++;
      continue;
    }

    if (RULE.test(line)) {
      out.push('<hr>');
      i++;
      continue;
    }

    if (QUOTE.test(line)) {
      const inner: string[] = [];
      while (i < lines.length && lines[i].trim()) {
        const q = QUOTE.exec(lines[i]);
        inner.push(q ? q[1] : lines[i]);
        i++;
      }
      out.push(`<blockquote>${renderBlocks(inner)}</blockquote>`);
      continue;
    }

    const ordered = ORDERED.exec(line);
    if (BULLET.test(line) || ordered) {
      const itemRe = ordered ? ORDERED : BULLET;
      const items: string[] = [];
      while (i < lines.length) {
        const m = itemRe.exec(lines[i]);
        if (m) {
          items.push(ordered ? m[2] : m[1]);
          i++;
        } else if (lines[i].trim() && /^\s+/.test(lines[i]) && items.length) {
          items[items.length - 1] += `\n${lines[i].trim()}`;
          i++;
        } else {
          break;
        }
      }
      const tag = ordered ? 'ol' : 'ul';
      const start = ordered && ordered[1] !== '1' ? ` start="${Number(ordered[1])}"` : '';
      out.push(`<${tag}${start}>${items.map((t) => `<li>${renderInline(t)}</li>`).join('')}</${tag}>`);
      continue;
    }

    // A paragraph: until a blank line or the start of another block.
    const para: string[] = [];
    while (
      i < lines.length &&
      lines[i].trim() &&
      !(para.length && (FENCE.test(lines[i]) || HEADING.test(lines[i]) || QUOTE.test(lines[i]) || BULLET.test(lines[i]) || ORDERED.test(lines[i])))
    ) {
      para.push(lines[i].trim());
      i++;
    }
    out.push(`<p>${renderInline(para.join('\n')).replace(/\n/g, '<br>')}</p>`);
  }
  return out.join('\n');
}

/** `code` is already escaped. */
function codeBlock(code: string, lang: string): string {
  const cls = lang ? ` class="language-${lang}"` : '';
  const isJs = ['js', 'javascript', 'ts', 'typescript', 'jsx', 'tsx', 'mjs'].includes(lang);
  // highlightJs escapes its input itself, so it gets the raw text back.
  const html = isJs ? highlightJs(unescapeHtml(code)) : code;
  return `<pre class="code"><code${cls}>${html}</code></pre>`;
}

function unescapeHtml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

const SAFE_URL = /^https?:\/\/[^\s]+$/i;

/**
 * Inline formatting of already-escaped text. Code spans, links and
 * backslash escapes are set aside as placeholders first so that emphasis
 * never reaches inside them.
 */
export function renderInline(text: string): string {
  const held: string[] = [];
  const hold = (html: string) => `\u0000${held.push(html) - 1}\u0000`;
  // Placeholders are built from NUL, which escaped input cannot contain.
  let s = text.replace(/\u0000/g, '');

  s = s.replace(/\\([\\`*_{}[\]()#+\-.!>~|])/g, (_, c: string) => hold(c));
  s = s.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (_, _ticks: string, code: string) => hold(`<code>${code.trim()}</code>`));
  s = s.replace(/\[([^\]\n]+)\]\(\s*((?:[^()\s]|\([^()\s]*\))+)\s*\)/g, (_, label: string, url: string) =>
    SAFE_URL.test(url)
      ? hold(`<a href="${url}" target="_blank" rel="noopener noreferrer">${emphasis(label)}</a>`)
      : label,
  );
  s = s.replace(/&lt;(https?:\/\/[^\s&]+(?:&amp;[^\s&]+)*)&gt;/gi, (_, url: string) =>
    hold(`<a href="${url}" target="_blank" rel="noopener noreferrer">${url}</a>`),
  );
  s = emphasis(s);
  // Held pieces may hold others (a code span inside a link label).
  for (let guard = 0; /\u0000\d+\u0000/.test(s) && guard < 4; guard++) {
    s = s.replace(/\u0000(\d+)\u0000/g, (_, n: string) => held[Number(n)] ?? '');
  }
  return s;
}

function emphasis(s: string): string {
  return s
    .replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^\w])__(?=\S)([\s\S]*?\S)__(?!\w)/g, '$1<strong>$2</strong>')
    .replace(/\*(?=[^\s*])([^*]*?[^\s*])\*/g, '<em>$1</em>')
    .replace(/(^|[^\w])_(?=[^\s_])([^_]*?[^\s_]|[^\s_])_(?!\w)/g, '$1<em>$2</em>');
}
