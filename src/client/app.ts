// Browser entry: htmx (+ SSE live updates) and the few behaviours pages share (language autosubmit, theme
// toggle, announcement toasts); destructive actions confirm in a dialog (confirm.ts).
import './htmx.js';
import 'htmx-ext-sse';
import './call-form.js';
import './confirm.js';

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
