// Destructive actions ask first, in an accessible <dialog> (never window.confirm). A form — or the submit button
// that was pressed, for forms with several — carries what to ask (`data-confirm`), the button labels, and where
// the server says what goes with it (`data-confirm-preview`, with the form's `data-confirm-fields` added to the
// query: "3 contacts, their 12 orders and 5 notes"). Confirmed, the form is sent as the user pressed it;
// cancelled (the button, Escape), nothing is sent. See confirmAttrs in platform/views/components.tsx.

/** Forms the user has just confirmed: their next submit goes through. */
const confirmed = new WeakSet<HTMLFormElement>();

let dialog: HTMLDialogElement | undefined;

/** The one dialog of the page, made on first use. */
function confirmDialog(): HTMLDialogElement {
  if (dialog) return dialog;
  dialog = document.createElement('dialog');
  dialog.className = 'modal';
  dialog.dataset.confirmDialog = '';
  dialog.setAttribute('aria-labelledby', 'sova-confirm-title');
  dialog.setAttribute('aria-describedby', 'sova-confirm-body');
  const box = document.createElement('form');
  box.method = 'dialog';
  box.className = 'modal-box';
  const title = document.createElement('h2');
  title.id = 'sova-confirm-title';
  title.className = 'font-bold text-lg';
  const body = document.createElement('div');
  body.id = 'sova-confirm-body';
  body.className = 'py-3';
  body.setAttribute('aria-live', 'polite');
  const actions = document.createElement('div');
  actions.className = 'modal-action';
  const cancel = document.createElement('button');
  cancel.value = 'cancel';
  cancel.className = 'btn';
  cancel.dataset.confirmCancel = '';
  const ok = document.createElement('button');
  ok.value = 'ok';
  ok.className = 'btn btn-error';
  ok.dataset.confirmOk = '';
  actions.append(cancel, ok);
  box.append(title, body, actions);
  dialog.append(box);
  document.body.append(dialog);
  return dialog;
}

/** The preview's address: its own query and the form's fields it names. */
function previewUrl(source: HTMLElement, form: HTMLFormElement): URL | undefined {
  const preview = source.dataset.confirmPreview;
  if (!preview) return undefined;
  const url = new URL(preview, location.origin);
  const data = new FormData(form);
  for (const name of (source.dataset.confirmFields ?? '').split(' ').filter(Boolean))
    for (const value of data.getAll(name))
      if (typeof value === 'string') url.searchParams.append(name, value);
  return url;
}

/** Asks in the dialog; resolves true when the user confirms. */
function ask(source: HTMLElement, form: HTMLFormElement): Promise<boolean> {
  const d = confirmDialog();
  const title = d.querySelector<HTMLElement>('#sova-confirm-title')!;
  const body = d.querySelector<HTMLElement>('#sova-confirm-body')!;
  const ok = d.querySelector<HTMLButtonElement>('[data-confirm-ok]')!;
  const cancel = d.querySelector<HTMLButtonElement>('[data-confirm-cancel]')!;
  title.textContent = source.dataset.confirm ?? '';
  ok.textContent = source.dataset.confirmOk ?? 'OK';
  cancel.textContent = source.dataset.confirmCancel ?? 'Cancel';
  body.replaceChildren();
  const url = previewUrl(source, form);
  // What goes with it is read before the user can confirm; if it cannot be read, the question alone is asked.
  ok.disabled = !!url;
  d.removeAttribute('data-preview-state');
  if (url) {
    d.dataset.previewState = 'loading';
    fetch(url, { credentials: 'same-origin', headers: { 'HX-Request': 'true' } })
      .then((res) => (res.ok ? res.text() : ''))
      .catch(() => '')
      .then((html) => {
        // The server's own escaped fragment, from this origin.
        if (html) body.innerHTML = html;
        d.dataset.previewState = html ? 'ready' : 'failed';
        ok.disabled = false;
      });
  }
  d.returnValue = '';
  d.showModal();
  cancel.focus();
  return new Promise((resolve) => {
    d.addEventListener('close', () => resolve(d.returnValue === 'ok'), { once: true });
  });
}

document.addEventListener(
  'submit',
  (event) => {
    const form = event.target as HTMLFormElement;
    const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
    const source =
      submitter?.dataset.confirm !== undefined ? submitter : form.dataset.confirm !== undefined ? form : null;
    if (!source) return;
    if (confirmed.has(form)) {
      confirmed.delete(form);
      return;
    }
    // Asked first: nothing else (htmx included) sees this submit.
    event.preventDefault();
    event.stopImmediatePropagation();
    void ask(source, form).then((yes) => {
      if (!yes) return;
      confirmed.add(form);
      form.requestSubmit(submitter ?? undefined);
    });
  },
  true,
);
