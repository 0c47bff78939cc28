// Knowledge: create an index, upload files into it (drag and drop, or a
// file picker), search it and show the hits. Uses `createIndex`,
// `listIndexes`, `uploadDocument`, `getDocument` and `searchIndex`; with a
// build of the SDK that lacks them, the panel says so instead of failing.

import type { TavoraClient } from 'tavora-wasm';
import { byId, h, showMessage } from './dom';
import { describeError } from './errors';

interface Index {
  id: string;
  name: string;
  description?: string;
}
interface Doc {
  id: string;
  filename?: string;
  status?: string;
  chunk_count?: number;
  file_size?: number;
  error_message?: string | null;
}
interface Hit {
  document_id?: string;
  filename?: string;
  document_name?: string | null;
  content?: string;
  score?: number;
  chunk_index?: number;
}

const REQUIRED = ['createIndex', 'uploadDocument', 'searchIndex'] as const;
const SETTLED = new Set(['ready', 'stored', 'error']);

type Api = Record<string, (...args: unknown[]) => Promise<unknown>>;

export interface Knowledge {
  /** Called when the panel is shown (loads the indexes once). */
  activate: () => void;
  reset: () => void;
}

export function setUpKnowledge(client: () => TavoraClient): Knowledge {
  const panel = byId('panel-knowledge');
  let loaded = false;
  let indexes: Index[] = [];
  let selected: Index | null = null;
  const uploads = new Map<string, Doc>();

  const api = () => client() as unknown as Api;
  const missing = () => REQUIRED.filter((m) => typeof api()[m] !== 'function');

  // ------------------------------------------------------------ elements
  const errorEl = h('p', { class: 'error', role: 'alert', hidden: true });
  const select = h('select', { id: 'index-select', onchange: () => choose(select.value) });
  const nameIn = h('input', { id: 'index-name', type: 'text', placeholder: 'Product docs', required: true });
  const createForm = h(
    'form',
    { class: 'stack', onsubmit: (ev: Event) => void createIndex(ev) },
    h('label', { for: 'index-name' }, 'New index name'),
    h('div', { class: 'row' }, nameIn, h('button', { type: 'submit' }, 'Create')),
  );
  const fileIn = h('input', { id: 'file-input', type: 'file', multiple: true, class: 'visually-hidden', onchange: () => void uploadFiles(fileIn.files) });
  const drop = h(
    'div',
    { class: 'dropzone', id: 'dropzone', tabindex: '0', role: 'button', 'aria-label': 'Upload files: drop them here or press Enter to choose' },
    h('strong', {}, 'Drop files here'),
    h('span', { class: 'hint' }, 'or '),
    h('label', { for: 'file-input', class: 'link' }, 'choose files'),
    fileIn,
  );
  const docList = h('ul', { class: 'doc-list', 'aria-label': 'Uploaded documents' });
  const queryIn = h('input', { id: 'search-query', type: 'search', placeholder: 'What are you looking for?' });
  const results = h('ol', { class: 'results', 'aria-label': 'Search results', 'aria-live': 'polite' });
  const searchForm = h(
    'form',
    { class: 'stack', role: 'search', onsubmit: (ev: Event) => void search(ev) },
    h('label', { for: 'search-query' }, 'Search this index'),
    h('div', { class: 'row' }, queryIn, h('button', { type: 'submit', class: 'primary' }, 'Search')),
  );
  const indexSection = h(
    'div',
    { class: 'stack', hidden: true },
    h('label', { for: 'index-select' }, 'Index'),
    select,
    drop,
    docList,
    searchForm,
    results,
  );

  const renderIndexes = () => {
    select.replaceChildren(...indexes.map((i) => h('option', { value: i.id }, i.name || i.id)));
    if (selected) select.value = selected.id;
    indexSection.hidden = !indexes.length;
  };

  const renderDocs = () => {
    const docs = [...uploads.values()];
    docList.replaceChildren(
      ...docs.map((d) =>
        h(
          'li',
          { class: `doc doc-${d.status ?? 'pending'}`, 'data-status': d.status ?? '' },
          h('span', { class: 'doc-name' }, d.filename || d.id),
          h('span', { class: 'doc-status' }, [d.status, d.chunk_count ? `${d.chunk_count} chunks` : '', d.error_message ?? ''].filter(Boolean).join(' · ')),
        ),
      ),
    );
  };

  function choose(id: string) {
    selected = indexes.find((i) => i.id === id) ?? null;
    uploads.clear();
    renderDocs();
    results.replaceChildren();
  }

  // ------------------------------------------------------------ actions
  async function load() {
    const gone = missing();
    if (gone.length) {
      panel.replaceChildren(
        h('h2', { class: 'panel-title' }, 'Knowledge'),
        h(
          'p',
          { class: 'notice', role: 'status' },
          `This build of tavora-wasm does not have ${gone.map((m) => `${m}()`).join(', ')} yet, so the Knowledge panel is unavailable. Rebuild the package (make package) once the SDK has them.`,
        ),
      );
      return;
    }
    try {
      indexes = typeof api().listIndexes === 'function' ? ((await api().listIndexes()) as Index[]) : [];
      selected = indexes[0] ?? null;
      renderIndexes();
      showMessage(errorEl, null);
    } catch (e) {
      showMessage(errorEl, describeError(e, 'Listing indexes').message);
    }
  }

  async function createIndex(ev: Event) {
    ev.preventDefault();
    const name = nameIn.value.trim();
    if (!name) return showMessage(errorEl, 'Give the index a name.');
    try {
      const idx = (await api().createIndex({ name })) as Index;
      indexes = [...indexes, idx];
      selected = idx;
      nameIn.value = '';
      renderIndexes();
      choose(idx.id);
      showMessage(errorEl, null);
    } catch (e) {
      showMessage(errorEl, describeError(e, 'Creating the index').message);
    }
  }

  async function uploadFiles(files: FileList | File[] | null) {
    if (!files || !selected) return;
    const index = selected;
    for (const file of Array.from(files)) {
      const tmp = `upload-${Math.random().toString(36).slice(2)}`;
      uploads.set(tmp, { id: tmp, filename: file.name, status: 'uploading' });
      renderDocs();
      try {
        const doc = (await api().uploadDocument(index.id, file, {})) as Doc;
        uploads.delete(tmp);
        uploads.set(doc.id, { ...doc, filename: doc.filename || file.name });
        renderDocs();
        void follow(doc.id);
      } catch (e) {
        uploads.set(tmp, { id: tmp, filename: file.name, status: 'failed', error_message: describeError(e, 'The upload').message });
        renderDocs();
      }
    }
    fileIn.value = '';
  }

  /** Polls a document until it is processed (or 30 s pass). */
  async function follow(id: string) {
    if (typeof api().getDocument !== 'function') return;
    for (let i = 0; i < 30; i++) {
      const d = uploads.get(id);
      if (!d || SETTLED.has(d.status ?? '')) return;
      await new Promise((r) => setTimeout(r, 1000));
      try {
        const doc = (await api().getDocument(id)) as Doc;
        if (!uploads.has(id)) return;
        uploads.set(id, { ...uploads.get(id), ...doc });
        renderDocs();
      } catch {
        return;
      }
    }
  }

  async function search(ev: Event) {
    ev.preventDefault();
    const query = queryIn.value.trim();
    if (!selected || !query) return;
    results.replaceChildren(h('li', { class: 'muted' }, 'Searching…'));
    try {
      const hits = ((await api().searchIndex(selected.id, { query, top_k: 5 })) as Hit[]) ?? [];
      results.replaceChildren(
        ...(hits.length
          ? hits.map((r) =>
              h(
                'li',
                { class: 'result' },
                h(
                  'div',
                  { class: 'result-head' },
                  h('span', { class: 'result-name' }, r.document_name || r.filename || r.document_id || 'document'),
                  typeof r.score === 'number' ? h('span', { class: 'result-score' }, `score ${r.score.toFixed(3)}`) : null,
                ),
                h('p', { class: 'result-text' }, (r.content ?? '').slice(0, 500)),
              ),
            )
          : [h('li', { class: 'muted' }, 'No results. Documents can be searched once they are ready.')]),
      );
    } catch (e) {
      results.replaceChildren(h('li', { class: 'error', role: 'alert' }, describeError(e, 'The search').message));
    }
  }

  // ------------------------------------------------------------ drag and drop
  for (const name of ['dragenter', 'dragover']) {
    drop.addEventListener(name, (ev) => {
      ev.preventDefault();
      drop.classList.add('dragging');
    });
  }
  for (const name of ['dragleave', 'drop']) {
    drop.addEventListener(name, () => drop.classList.remove('dragging'));
  }
  drop.addEventListener('drop', (ev) => {
    ev.preventDefault();
    void uploadFiles(ev.dataTransfer?.files ?? null);
  });
  drop.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' || ev.key === ' ') {
      ev.preventDefault();
      fileIn.click();
    }
  });

  const build = () =>
    panel.replaceChildren(
      h('h2', { class: 'panel-title' }, 'Knowledge'),
      h('p', { class: 'hint' }, 'Indexes hold documents the agent can search.'),
      createForm,
      errorEl,
      indexSection,
    );
  build();

  return {
    activate() {
      if (loaded) return;
      loaded = true;
      void load();
    },
    reset() {
      loaded = false;
      indexes = [];
      selected = null;
      uploads.clear();
      renderDocs();
      results.replaceChildren();
      build();
      renderIndexes();
    },
  };
}
