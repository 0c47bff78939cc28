// A tiny JavaScript highlighter for `execute_js` blocks: splits the source
// into tokens, escapes each one, and wraps the interesting ones in spans.

import { escapeHtml } from './dom';

const KEYWORDS = new Set(
  ('await async break case catch class const continue debugger default delete do else export extends ' +
    'finally for function if import in instanceof let new of return static super switch this throw try ' +
    'typeof var void while with yield').split(' '),
);
const LITERALS = new Set(['true', 'false', 'null', 'undefined', 'NaN', 'Infinity']);

const TOKEN =
  /(\/\/[^\n]*|\/\*[\s\S]*?\*\/)|("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\[\s\S])*`)|(\b\d[\d_]*(?:\.\d+)?(?:e[+-]?\d+)?\b|\b0x[\da-f]+\b)|([A-Za-z_$][\w$]*)|(\/(?![*/])(?:[^/\\\n[]|\\.|\[(?:[^\]\\\n]|\\.)*\])+\/[a-z]*)/gi;

/** `source` as HTML: escaped, with `<span class="tok-…">` around tokens. */
export function highlightJs(source: string): string {
  const re = new RegExp(TOKEN.source, TOKEN.flags);
  let out = '';
  let last = 0;
  let prev = ''; // the last significant character before the current token
  let m: RegExpExecArray | null;
  while ((m = re.exec(source)) !== null) {
    const start = m.index;
    const between = source.slice(last, start);
    out += escapeHtml(between);
    if (between.trim()) prev = between.trim().slice(-1);
    const text = m[0];
    if (m[5] && prev && /[\w$)\]]/.test(prev)) {
      // After a value, `/` is division, not the start of a regex literal.
      out += '/';
      last = start + 1;
      prev = '/';
      re.lastIndex = last;
      continue;
    }
    let cls = '';
    if (m[1]) cls = 'comment';
    else if (m[2]) cls = 'string';
    else if (m[3]) cls = 'number';
    else if (m[4]) cls = KEYWORDS.has(text) ? 'keyword' : LITERALS.has(text) ? 'literal' : '';
    else if (m[5]) cls = 'regex';
    out += cls ? `<span class="tok-${cls}">${escapeHtml(text)}</span>` : escapeHtml(text);
    if (!m[1]) prev = text.slice(-1);
    last = start + text.length;
  }
  return out + escapeHtml(source.slice(last));
}
