// Writes every ```ts / ```tsx block of README.md and pkg-template/README.md
// into tests/types/readme/ as its own module, so the TypeScript checks
// compile the READMEs' code as written (nothing is copied by hand). A block
// without a top-level `export` runs inside an async function (so `await`
// and `return` read as in an app); its imports are hoisted. Names the
// snippets take as given (a client, the app's own functions) are declared
// in readme-prelude.d.ts.
import { readFileSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const out = join(here, 'readme');
rmSync(out, { recursive: true, force: true });
mkdirSync(out);

const written = [];
for (const [name, file] of [['readme', 'README.md'], ['package', 'pkg-template/README.md']]) {
  const text = readFileSync(join(root, file), 'utf8');
  const blocks = [...text.matchAll(/^( *)```(tsx?)\n([\s\S]*?)^\1```$/gm)];
  blocks.forEach(([, indent, lang, body], i) => {
    const code = body.split('\n').map((l) => l.slice(indent.length)).join('\n');
    const line = text.slice(0, text.indexOf(body)).split('\n').length;
    const imports = code.split('\n').filter((l) => /^import\b/.test(l));
    const rest = code.split('\n').filter((l) => !/^import\b/.test(l)).join('\n');
    const source = /^export\b/m.test(code)
      ? code
      : `${imports.join('\n')}\n\nexport async function snippet(): Promise<unknown> {\n${rest}\n  return undefined;\n}\n`;
    const target = `${name}-${String(i + 1).padStart(2, '0')}.${lang}`;
    writeFileSync(join(out, target), `// ${file}, the block at line ${line}.\n${source}`);
    written.push(target);
  });
}
console.log(written.join(' '));
