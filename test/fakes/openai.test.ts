import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_TRANSCRIPT, type FakeOpenAI, startFakeOpenAI } from './openai.js';

let fake: FakeOpenAI;
beforeEach(async () => {
  fake = await startFakeOpenAI();
});
afterEach(() => fake.close());

const audio = Buffer.from('RIFF....WAVEfmt fake audio bytes');

function transcribe(file: Buffer, opts: { name?: string; key?: string; format?: string } = {}) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)], { type: 'audio/wav' }), opts.name ?? 'call.wav');
  form.append('model', 'whisper-1');
  form.append('language', 'ru');
  form.append('response_format', opts.format ?? 'verbose_json');
  form.append('timestamp_granularities[]', 'segment');
  return fetch(`${fake.url}/audio/transcriptions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${opts.key ?? fake.apiKey}` },
    body: form,
  });
}

describe('fake OpenAI-compatible server', () => {
  it('answers a transcription with the transcript registered for the file, with segments', async () => {
    fake.setTranscript(audio, {
      text: 'Добрый день. Меня зовут Анна, ООО «Ромашка».',
      duration: 4.2,
      segments: [
        { start: 0, end: 1.1, text: 'Добрый день.' },
        { start: 1.1, end: 4.2, text: 'Меня зовут Анна, ООО «Ромашка».' },
      ],
    });
    const res = await transcribe(audio);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      text: 'Добрый день. Меня зовут Анна, ООО «Ромашка».',
      language: 'ru',
      duration: 4.2,
      segments: [
        { id: 0, start: 0, end: 1.1, text: 'Добрый день.' },
        { id: 1, start: 1.1, end: 4.2, text: 'Меня зовут Анна, ООО «Ромашка».' },
      ],
    });
    const [req] = fake.requests('/v1/audio/transcriptions');
    expect(req!.fields).toEqual({
      model: 'whisper-1',
      language: 'ru',
      response_format: 'verbose_json',
      'timestamp_granularities[]': 'segment',
    });
    expect(req!.file).toMatchObject({ name: 'call.wav', size: audio.length });
    expect(req!.authorization).toBe(`Bearer ${fake.apiKey}`);
  });

  it('answers the default transcript for other files, split into timed sentences, and plain text on request', async () => {
    const body = (await (await transcribe(Buffer.from('other'))).json()) as {
      text: string;
      segments: object[];
    };
    expect(body.text).toBe(DEFAULT_TRANSCRIPT.text);
    expect(body.segments).toEqual([
      expect.objectContaining({ id: 0, start: 0, end: 2.5, text: 'Здравствуйте, это тестовый звонок.' }),
      expect.objectContaining({ id: 1, start: 2.5, end: 5, text: 'Нам нужен договор на поставку.' }),
    ]);
    const text = await transcribe(audio, { format: 'text' });
    expect(await text.text()).toBe(DEFAULT_TRANSCRIPT.text);
  });

  it('refuses a wrong key (401), a file that is not audio (400), and fails on demand', async () => {
    const wrong = await transcribe(audio, { key: 'sk-nope' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: { code: 'invalid_api_key' } });
    expect((await transcribe(audio, { name: 'notes.txt' })).status).toBe(400);
    fake.failNext('/v1/audio/transcriptions', 2, 503);
    expect((await transcribe(audio)).status).toBe(503);
    expect((await transcribe(audio)).status).toBe(503);
    expect((await transcribe(audio)).status).toBe(200);
    expect(fake.requests('audio/transcriptions').map((r) => r.status)).toEqual([401, 400, 503, 503, 200]);
  });

  it('goes down (connection refused) and comes back on the same port', async () => {
    const url = fake.url;
    fake.latencyMs = 3000;
    const inFlight = transcribe(audio).then(
      (r) => r.status,
      () => 'cut',
    );
    await fake.waitFor((f) => f.requests().length === 1);
    const started = Date.now();
    await fake.down();
    expect(await inFlight).toBe('cut');
    expect(Date.now() - started).toBeLessThan(1000);
    fake.latencyMs = 0;
    const err = (await transcribe(audio).catch((e: unknown) => e)) as Error & { cause?: { code?: string } };
    expect(err).toBeInstanceOf(TypeError);
    expect(err.cause?.code).toBe('ECONNREFUSED');
    await fake.up();
    expect(fake.url).toBe(url);
    expect((await transcribe(audio)).status).toBe(200);
  });

  it('answers chat completions with the content the test set, as JSON text', async () => {
    fake.setCompletion((body) => ({ company: 'ООО «Ромашка»', model_seen: body.model }));
    const res = await fetch(`${fake.url}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Извлеки поля' }],
        response_format: { type: 'json_object' },
      }),
    });
    const body = (await res.json()) as { choices: { message: { role: string; content: string } }[] };
    expect(body.choices[0]!.message.role).toBe('assistant');
    expect(JSON.parse(body.choices[0]!.message.content)).toEqual({
      company: 'ООО «Ромашка»',
      model_seen: 'gpt-4o-mini',
    });
    expect(fake.requests('chat/completions')[0]!.json).toMatchObject({
      response_format: { type: 'json_object' },
    });
    const models = await fetch(`${fake.url}/models`, { headers: { authorization: `Bearer ${fake.apiKey}` } });
    expect(((await models.json()) as { data: { id: string }[] }).data.map((m) => m.id)).toContain(
      'whisper-1',
    );
  });
});
