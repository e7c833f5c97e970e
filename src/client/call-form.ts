// The guided call form (seed 004): the microphone recorder, the status flow, the lock's heartbeat and release,
// and submitting the form with its recording as one multipart request (the recording streamed as a file, never
// as base64 in a field). Without this script the form still posts (without a recording).

const form = document.querySelector<HTMLFormElement>('form[data-call-form]');
if (form) setUpCallForm(form);

function setUpCallForm(form: HTMLFormElement) {
  const targetId = form.dataset.target!;
  const campaignId = form.dataset.campaign!;
  const csrf = form.querySelector<HTMLInputElement>('input[name=_csrf]')?.value ?? '';
  const q = <T extends Element>(sel: string) => form.querySelector<T>(sel);
  const startBtn = q<HTMLButtonElement>('[data-mic-start]')!;
  const stopBtn = q<HTMLButtonElement>('[data-mic-stop]')!;
  const micStatus = q<HTMLElement>('[data-mic-status]')!;
  const skip = q<HTMLInputElement>('[data-no-recording]')!;
  const preview = q<HTMLAudioElement>('[data-preview]')!;
  const alertBox = q<HTMLElement>('[data-form-alert]')!;
  const stamp = (name: string) => q<HTMLInputElement>(`[data-stamp="${name}"]`)!;
  let recorder: MediaRecorder | null = null;
  let chunks: Blob[] = [];
  let recording: Blob | null = null;
  let mimeType = '';
  let started = 0;
  let timer = 0;
  let submitted = false;

  const canRecord = typeof MediaRecorder !== 'undefined' && !!navigator.mediaDevices?.getUserMedia;
  startBtn.hidden = !canRecord;

  const statusInputs = () =>
    form.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-status-input]');
  // Seed 004: the status selectors wait until the microphone runs or the operator chooses to go on without.
  const syncEnabled = () => {
    const ready = !!recorder || !!recording || skip.checked;
    for (const el of statusInputs()) el.disabled = !ready;
  };
  const syncSections = () => {
    const ns = (form.elements.namedItem('number_status') as RadioNodeList | null)?.value ?? '';
    const cs = (form.elements.namedItem('call_status') as RadioNodeList | null)?.value ?? '';
    q<HTMLElement>('[data-when-answered]')!.hidden = ns !== 'answered';
    q<HTMLElement>('[data-when-callback]')!.hidden = !(ns === 'answered' && cs === 'callback');
    q<HTMLElement>('[data-when-accepted]')!.hidden = !(ns === 'answered' && cs === 'accepted');
  };
  syncEnabled();
  syncSections();

  form.addEventListener('change', (event) => {
    const el = event.target as HTMLInputElement;
    if (el.name === 'number_status' || el.name === 'call_status')
      stamp('status').value = new Date().toISOString();
    if (el === skip) {
      if (skip.checked && recorder) stopRecording();
      if (skip.checked) {
        recording = null;
        preview.hidden = true;
      }
    }
    syncEnabled();
    syncSections();
  });

  const mime = () =>
    ['audio/webm;codecs=opus', 'audio/webm', 'audio/mp4', 'audio/ogg;codecs=opus'].find((m) =>
      MediaRecorder.isTypeSupported(m),
    ) ?? '';

  startBtn.addEventListener('click', async () => {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      mimeType = mime();
      recorder = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
      chunks = [];
      recording = null;
      recorder.addEventListener('dataavailable', (e) => {
        if (e.data.size > 0) chunks.push(e.data);
      });
      recorder.start(1000);
      started = Date.now();
      stamp('rec-start').value = new Date().toISOString();
      stamp('rec-stop').value = '';
      skip.checked = false;
      startBtn.hidden = true;
      stopBtn.hidden = false;
      preview.hidden = true;
      micStatus.textContent = '● 0:00';
      timer = window.setInterval(() => {
        const s = Math.floor((Date.now() - started) / 1000);
        micStatus.textContent = `● ${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
      }, 500);
      form.dataset.recorder = 'recording';
      syncEnabled();
    } catch {
      micStatus.textContent = form.dataset.msgMicDenied ?? '';
    }
  });

  const stopRecording = () =>
    new Promise<void>((resolve) => {
      if (!recorder) return resolve();
      const r = recorder;
      r.addEventListener(
        'stop',
        () => {
          recording = new Blob(chunks, { type: r.mimeType || mimeType || 'audio/webm' });
          for (const track of r.stream.getTracks()) track.stop();
          preview.src = URL.createObjectURL(recording);
          preview.hidden = false;
          form.dataset.recorder = 'stopped';
          resolve();
        },
        { once: true },
      );
      r.stop();
      recorder = null;
      clearInterval(timer);
      stamp('rec-stop').value = new Date().toISOString();
      stopBtn.hidden = true;
      startBtn.hidden = !canRecord;
      micStatus.textContent = '';
    });
  stopBtn.addEventListener('click', () => void stopRecording().then(syncEnabled));

  // The lock: keep it while the form is open, give it back when the tab closes without a submission.
  const api = `/api/v1/call-targets/${targetId}`;
  const beat = Number(form.dataset.heartbeat ?? '40') * 1000;
  const heartbeat = window.setInterval(async () => {
    const res = await fetch(`${api}/heartbeat`, {
      method: 'POST',
      headers: { 'x-csrf-token': csrf },
      credentials: 'same-origin',
    }).catch(() => null);
    if (res && res.status === 409) showAlert(form.dataset.msgLockLost ?? '');
  }, beat);
  window.addEventListener('pagehide', () => {
    if (submitted) return;
    navigator.sendBeacon(`${api}/release`, new URLSearchParams({ _csrf: csrf }));
  });
  function showAlert(text: string) {
    alertBox.textContent = text;
    alertBox.hidden = !text;
  }

  function showErrors(errors: Record<string, { message: string }[]>) {
    for (const el of form.querySelectorAll<HTMLElement>('[data-field-error]')) {
      el.hidden = true;
      el.textContent = '';
    }
    let first = '';
    for (const [field, list] of Object.entries(errors)) {
      const message = list[0]?.message ?? '';
      first ||= message;
      const el = form.querySelector<HTMLElement>(`[data-field-error="${field}"]`);
      if (el) {
        el.textContent = message;
        el.hidden = false;
      }
    }
    showAlert(first);
  }

  form.addEventListener('submit', async (event) => {
    const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
    if (submitter?.hasAttribute('data-cancel-call')) {
      // Confirmed (confirm.ts asks first): the cancel form releases the target itself.
      submitted = true;
      clearInterval(heartbeat);
      return;
    }
    event.preventDefault();
    if (recorder) await stopRecording();
    const data = new FormData(form);
    data.delete('_csrf');
    data.delete('recording');
    if (recording) data.set('recording', 'mic');
    else if (skip.checked) data.set('recording', 'none');
    // Fields first, the file last: the server reads the fields, checks them, then streams the audio to storage.
    if (recording) {
      const ext = recording.type.includes('mp4') ? 'm4a' : recording.type.includes('ogg') ? 'ogg' : 'webm';
      data.append('recording', recording, `call.${ext}`);
    }
    const button = q<HTMLButtonElement>('[data-submit-call]')!;
    button.disabled = true;
    showAlert('');
    try {
      const res = await fetch(`${api}/calls`, {
        method: 'POST',
        body: data,
        headers: { 'x-csrf-token': csrf, accept: 'application/json' },
        credentials: 'same-origin',
      });
      if (res.status === 201) {
        submitted = true;
        clearInterval(heartbeat);
        const call = (await res.json()) as { id: number };
        window.location.assign(`/call-campaigns/${campaignId}?called=${call.id}`);
        return;
      }
      const problem = (await res.json().catch(() => ({}))) as {
        errors?: Record<string, { message: string }[]>;
        title?: string;
        detail?: string;
      };
      if (problem.errors) showErrors(problem.errors);
      else showAlert(problem.detail ?? problem.title ?? form.dataset.msgFailed ?? '');
    } catch {
      showAlert(form.dataset.msgFailed ?? '');
    } finally {
      button.disabled = false;
    }
  });
}
