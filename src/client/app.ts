// Browser entry: htmx plus the few behaviours pages share (language autosubmit, theme toggle, confirms).
import htmx from 'htmx.org';

declare global {
  interface Window {
    htmx: typeof htmx;
  }
}
window.htmx = htmx;

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

document.addEventListener('submit', (event) => {
  const form = event.target as HTMLFormElement;
  const message = form.dataset.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});
