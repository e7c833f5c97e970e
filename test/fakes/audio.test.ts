import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUIRE_ALL } from '../../src/test/env.js';
import { audioDir, cleanupAudio, durationOf, missingAudioTools, speechWav, toMp3, toOgg } from './audio.js';

const missing = missingAudioTools();
const skip = missing.length > 0 && !REQUIRE_ALL;
if (missing.length > 0)
  process.stderr.write(`audio suite: missing ${missing.join(', ')}${REQUIRE_ALL ? '' : ' — skipped'}\n`);

describe.skipIf(skip)('real speech audio for tests', () => {
  let wav: string;
  beforeAll(async () => {
    if (missing.length > 0) throw new Error(`missing ${missing.join(', ')} (REQUIRE_ALL_SUITES=1)`);
    wav = await speechWav(
      'Здравствуйте! Меня зовут Анна, компания Ромашка. Телефон восемь девятьсот девяносто девять.',
    );
  });
  afterAll(() => cleanupAudio());

  it('speaks Russian into a WAV file with a positive duration, longer for a longer text', async () => {
    const bytes = readFileSync(wav);
    expect(bytes.subarray(0, 4).toString('ascii')).toBe('RIFF');
    expect(bytes.subarray(8, 12).toString('ascii')).toBe('WAVE');
    const long = await durationOf(wav);
    expect(long).toBeGreaterThan(2);
    const short = await durationOf(await speechWav('Да.'));
    expect(short).toBeGreaterThan(0);
    expect(short).toBeLessThan(long);
  });

  it('refuses a voice espeak-ng does not have instead of speaking another language', async () => {
    await expect(speechWav('тест', { voice: 'no-such-voice' })).rejects.toThrow('no voice "no-such-voice"');
  });

  it('converts to OGG (Opus and Vorbis) and MP3 keeping the duration', async () => {
    const seconds = await durationOf(wav);
    const ogg = await toOgg(wav);
    expect(readFileSync(ogg).subarray(0, 4).toString('ascii')).toBe('OggS');
    expect(readFileSync(ogg).includes('OpusHead')).toBe(true);
    expect(Math.abs((await durationOf(ogg)) - seconds)).toBeLessThan(0.15);
    const vorbis = await toOgg(wav, 'vorbis');
    expect(readFileSync(vorbis).includes('vorbis')).toBe(true);
    const mp3 = await toMp3(wav);
    const head = readFileSync(mp3);
    const mpegFrame = head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0;
    expect(head.subarray(0, 3).toString('ascii') === 'ID3' || mpegFrame).toBe(true);
    expect(Math.abs((await durationOf(mp3)) - seconds)).toBeLessThan(0.15);
  });

  it('removes its files on cleanup', async () => {
    const file = await speechWav('Удалить.');
    const folder = audioDir();
    cleanupAudio();
    expect(existsSync(file)).toBe(false);
    expect(existsSync(folder)).toBe(false);
  });
});
