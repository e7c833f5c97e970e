// Browser entry: htmx (+ SSE live updates) and the few behaviours pages share (language autosubmit, theme
// toggle, announcement toasts); destructive actions confirm in a dialog (confirm.ts).
import bundled from './htmx.js';
import 'htmx-ext-sse';
import './call-form.js';
import './confirm.js';

// htmx's typings describe its ES module as CommonJS (the API under `default`); bundled, the import is the API.
const htmx = bundled as unknown as (typeof bundled)['default'];

// Sign-in forms send the browser's time zone: a user's first sign-in makes it their account's clock.
const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
for (const input of document.querySelectorAll<HTMLInputElement>('input[data-browser-time-zone]'))
  if (browserZone && !input.value) input.value = browserZone;

document.addEventListener('change', (event) => {
  const target = event.target as HTMLElement;
  if (target instanceof HTMLSelectElement && target.dataset.autosubmit !== undefined)
    target.form?.requestSubmit();
});

document.addEventListener('click', (event) => {
  const button = (event.target as HTMLElement).closest<HTMLElement>('[data-theme-toggle]');
  if (!button) return;
  const root = document.documentElement;
  const current =
    root.dataset.theme ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
  const next = current === 'dark' ? 'light' : 'dark';
  root.dataset.theme = next;
  // biome-ignore lint/suspicious/noDocumentCookie: one plain preference cookie; the Cookie Store API is not everywhere yet.
  document.cookie = `sova_theme=${next}; path=/; max-age=31536000; samesite=lax`;
});

// Announcements arrive on the page's live stream; show each as a toast for a while (text only, never HTML).
document.addEventListener('htmx:sseBeforeMessage', (event) => {
  const target = event.target as HTMLElement;
  if (target.id !== 'live-announcements') return;
  event.preventDefault();
  const message = (event as CustomEvent<MessageEvent>).detail;
  let data: { text?: string; from?: string };
  try {
    data = JSON.parse(message.data);
  } catch {
    return;
  }
  const toast = document.createElement('div');
  toast.className = 'alert alert-info shadow-lg max-w-sm cursor-pointer';
  toast.setAttribute('role', 'status');
  toast.dataset.announcement = '';
  const body = document.createElement('div');
  const from = document.createElement('div');
  from.className = 'text-xs opacity-70';
  from.textContent = `${target.dataset.announcementLabel ?? ''} ${data.from ?? ''}`.trim();
  const text = document.createElement('div');
  text.className = 'font-medium';
  text.textContent = data.text ?? '';
  body.append(from, text);
  toast.append(body);
  toast.addEventListener('click', () => toast.remove());
  target.append(toast);
  setTimeout(() => toast.remove(), 15_000);
});

// A live region (liveRegion in platform/views) does not reload under a user who has rows ticked in it: the reload
// is held back, and made once the last box is unticked.
document.addEventListener('htmx:confirm', (event) => {
  const region = event.target as HTMLElement;
  if (!region.matches('[data-live-region]')) return;
  if (region.querySelector('input[type=checkbox]:checked')) {
    event.preventDefault();
    region.dataset.liveHeld = '';
  }
});
document.addEventListener('change', (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || box.type !== 'checkbox') return;
  const region = box.closest<HTMLElement>('[data-live-region][data-live-held]');
  if (!region || region.querySelector('input[type=checkbox]:checked')) return;
  delete region.dataset.liveHeld;
  // Not through the region's trigger: htmx drops any trigger of an element within its throttle window.
  void htmx.ajax('get', region.getAttribute('hx-get') ?? location.href, {
    source: region,
    target: region,
    swap: 'outerHTML',
    select: `#${region.id}`,
  });
});

// On a phone a list's rows show as cards (app.css): each cell is labelled with its column's header, read here once
// per table (and again for a table a live update swapped in).
function labelCells(root: ParentNode) {
  for (const table of root.querySelectorAll<HTMLTableElement>('table.table')) {
    const headers: string[] = [];
    for (const th of table.tHead?.rows[0]?.cells ?? []) {
      const copy = th.cloneNode(true) as HTMLElement;
      for (const hidden of copy.querySelectorAll('.sr-only, [aria-hidden="true"]')) hidden.remove();
      const label = (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
      for (let i = 0; i < th.colSpan; i++) headers.push(label);
    }
    for (const body of [...table.tBodies, ...(table.tFoot ? [table.tFoot] : [])])
      for (const row of body.rows) {
        let column = 0;
        for (const cell of row.cells) {
          const label = headers[column];
          if (label && !cell.hasAttribute('data-label')) cell.dataset.label = label;
          column += cell.colSpan;
        }
      }
  }
}
labelCells(document);
document.addEventListener('htmx:load', (event) => labelCells(event.target as HTMLElement));

// Mark the live stream's state on its element (tests wait for it; styles may show it).
for (const [event, state] of [
  ['htmx:sseOpen', 'open'],
  ['htmx:sseError', 'reconnecting'],
] as const) {
  document.addEventListener(event, (e) => {
    const el = (e.target as HTMLElement).closest<HTMLElement>('[data-live]');
    if (el) el.dataset.liveState = state;
  });
}

// Upload progress on forms sent by htmx (imports, attachments): fills the form's <progress data-upload-progress>.
document.addEventListener('htmx:xhr:progress', (event) => {
  const detail = (event as CustomEvent<ProgressEvent>).detail;
  const bar = (event.target as HTMLElement)
    .closest('form')
    ?.querySelector<HTMLProgressElement>('progress[data-upload-progress]');
  if (!bar || !detail.lengthComputable) return;
  bar.hidden = false;
  bar.value = Math.round((detail.loaded / detail.total) * 100);
});
