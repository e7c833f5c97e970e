/**
 * Real speech audio for tests: speech in Russian (or another espeak-ng voice) as WAV, converted to MP3 or OGG,
 * and a file's measured duration. Needs espeak-ng, and ffmpeg with ffprobe (sox with soxi stands in for OGG
 * and durations; MP3 needs ffmpeg). `audioToolsAvailable()` tells whether a suite can run, `missingAudioTools()`
 * what is missing. Files go to one temporary directory per process, removed by `cleanupAudio()` or at exit.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, extname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Whether `tool` is an executable on PATH. */
function onPath(tool: string): boolean {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    try {
      accessSync(join(dir, tool), constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

/** The tools missing for speech, MP3/OGG conversion and durations (empty when everything can run). */
export function missingAudioTools(): string[] {
  const missing: string[] = [];
  if (!onPath('espeak-ng')) missing.push('espeak-ng');
  if (!onPath('ffmpeg')) missing.push('ffmpeg');
  if (!onPath('ffprobe') && !onPath('soxi')) missing.push('ffprobe');
  return missing;
}

export const audioToolsAvailable = () => missingAudioTools().length === 0;

let dir: string | undefined;
let counter = 0;

/** The temporary directory holding this process's audio files (made on first use). */
export function audioDir(): string {
  if (!dir) {
    dir = mkdtempSync(join(tmpdir(), 'sova-audio-'));
    process.once('exit', cleanupAudio);
  }
  return dir;
}

/** Removes every file made so far (a later call starts a new directory). */
export function cleanupAudio(): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
}

const fresh = (stem: string, ext: string) => {
  counter += 1;
  return join(audioDir(), `${stem}-${counter}${ext}`);
};

const knownVoices = new Map<string, boolean>();

/** espeak-ng falls back to another voice on an unknown name; refuse that instead of speaking the wrong language. */
async function checkVoice(voice: string): Promise<void> {
  if (!knownVoices.has(voice)) {
    const { stdout } = await run('espeak-ng', [`--voices=${voice}`]);
    const known = stdout
      .split('\n')
      .slice(1)
      .some((line) => {
        const [, language, , , file = '', ...other] = line.trim().split(/\s+/);
        return language === voice || file.endsWith(`/${voice}`) || other.join(' ').includes(`(${voice} `);
      });
    knownVoices.set(voice, known);
  }
  if (!knownVoices.get(voice)) throw new Error(`espeak-ng has no voice "${voice}"`);
}

export interface SpeechOptions {
  /** An espeak-ng voice or language (default `ru`). */
  voice?: string;
  /** Words per minute (espeak-ng's default is 175). */
  speed?: number;
  /** A name for the file (without extension). */
  name?: string;
}

/** Speaks `text` with espeak-ng into a new WAV file (22 050 Hz mono PCM); resolves with its path. */
export async function speechWav(text: string, opts: SpeechOptions = {}): Promise<string> {
  const voice = opts.voice ?? 'ru';
  await checkVoice(voice);
  const out = fresh(opts.name ?? 'speech', '.wav');
  const input = `${out}.txt`;
  writeFileSync(input, text, 'utf8');
  await run('espeak-ng', ['-v', voice, '-s', String(opts.speed ?? 175), '-w', out, '-f', input]);
  rmSync(input);
  return out;
}

const stemOf = (file: string) => basename(file, extname(file));

/** Converts an audio file to MP3 (LAME, VBR quality 4) next to the others; resolves with the new path. */
export async function toMp3(file: string): Promise<string> {
  const out = fresh(stemOf(file), '.mp3');
  await run('ffmpeg', ['-y', '-loglevel', 'error', '-i', file, '-c:a', 'libmp3lame', '-q:a', '4', out]);
  return out;
}

/** Converts an audio file to OGG, Opus by default (as voice messages are) or Vorbis; resolves with the new path. */
export async function toOgg(file: string, codec: 'opus' | 'vorbis' = 'opus'): Promise<string> {
  const out = fresh(stemOf(file), '.ogg');
  if (onPath('ffmpeg')) {
    const encoder =
      codec === 'opus' ? ['-c:a', 'libopus', '-b:a', '32k'] : ['-c:a', 'libvorbis', '-q:a', '3'];
    await run('ffmpeg', ['-y', '-loglevel', 'error', '-i', file, ...encoder, out]);
  } else {
    if (codec === 'opus') throw new Error('OGG Opus needs ffmpeg (sox writes Vorbis only)');
    await run('sox', [file, out]);
  }
  return out;
}

/** The duration of an audio file in seconds, as ffprobe (or soxi) measures it. */
export async function durationOf(file: string): Promise<number> {
  const { stdout } = onPath('ffprobe')
    ? await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file])
    : await run('soxi', ['-D', file]);
  const seconds = Number.parseFloat(stdout.trim());
  if (!Number.isFinite(seconds)) throw new Error(`no duration for ${file}: ${stdout.trim()}`);
  return seconds;
}
