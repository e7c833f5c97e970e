/**
 * What the fake Telegram server knows besides calls: the files it serves (uploaded by the bot or sent by users)
 * and the updates a user's actions produce, shaped as the Bot API delivers them.
 */
import type { Document, File, Message, PhotoSize, Update, User } from 'grammy/types';

/** A Telegram user as a test describes one (`is_bot` is added). */
export interface TgUser {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export interface StoredFile extends File {
  file_path: string;
  content: Buffer;
  file_name?: string;
  mime_type?: string;
  /** The URL a bot gave instead of bytes (the fake does not fetch it). */
  source_url?: string;
}

const MIME: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  mp4: 'video/mp4',
  zip: 'application/zip',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const extOf = (name: string) => /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
export const mimeOf = (name: string) => MIME[extOf(name)] ?? 'application/octet-stream';

/** The files the fake serves at `/file/bot<token>/<file_path>`, by `file_id`. */
export class FileStore {
  private readonly byId = new Map<string, StoredFile>();
  private counter = 0;

  /** Registers bytes as a Telegram file (kind: the folder Telegram uses, `photos`, `documents`…). */
  add(content: Buffer, opts: { kind?: string; fileName?: string; mimeType?: string } = {}): StoredFile {
    this.counter += 1;
    const n = this.counter;
    const ext = extOf(opts.fileName ?? '') || (opts.kind === 'photos' ? 'jpg' : 'dat');
    const file: StoredFile = {
      file_id: `FILE${n}_${Math.random().toString(36).slice(2, 10)}`,
      file_unique_id: `U${n}`,
      file_size: content.length,
      file_path: `${opts.kind ?? 'documents'}/file_${n}.${ext}`,
      content,
      ...(opts.fileName === undefined ? {} : { file_name: opts.fileName }),
      mime_type: opts.mimeType ?? mimeOf(opts.fileName ?? `x.${ext}`),
    };
    this.byId.set(file.file_id, file);
    return file;
  }

  get(fileId: string): StoredFile | undefined {
    return this.byId.get(fileId);
  }

  byPath(path: string): StoredFile | undefined {
    for (const file of this.byId.values()) if (file.file_path === path) return file;
    return undefined;
  }

  /** Photo sizes for an image: a small thumbnail (its first bytes only, so a bot must take the last) and the full one. */
  photoSizes(full: StoredFile, width = 1280, height = 960): PhotoSize[] {
    const thumb = this.add(full.content.subarray(0, Math.min(full.content.length, 64)), { kind: 'photos' });
    return [
      {
        file_id: thumb.file_id,
        file_unique_id: thumb.file_unique_id,
        width: 90,
        height: 68,
        file_size: thumb.file_size!,
      },
      {
        file_id: full.file_id,
        file_unique_id: full.file_unique_id,
        width,
        height,
        file_size: full.file_size!,
      },
    ];
  }

  document(file: StoredFile): Document {
    return {
      file_id: file.file_id,
      file_unique_id: file.file_unique_id,
      file_size: file.file_size!,
      ...(file.file_name === undefined ? {} : { file_name: file.file_name }),
      ...(file.mime_type === undefined ? {} : { mime_type: file.mime_type }),
    };
  }
}

export const asUser = (u: TgUser): User => ({ ...u, is_bot: false });

export const privateChat = (u: TgUser | undefined, id: number) => ({
  id,
  type: 'private' as const,
  first_name: u?.first_name ?? '',
  ...(u?.last_name === undefined ? {} : { last_name: u.last_name }),
  ...(u?.username === undefined ? {} : { username: u.username }),
});

/** Builds the updates a user's actions produce; ids come from the fake's counters. */
export class UpdateBuilder {
  private updateId = 0;
  private messageId = 0;

  constructor(
    private readonly files: FileStore,
    private readonly now: () => number,
  ) {}

  nextUpdateId(): number {
    this.updateId += 1;
    return this.updateId;
  }

  nextMessageId(): number {
    this.messageId += 1;
    return this.messageId;
  }

  private message(from: TgUser, extra: Partial<Message>): Update {
    return {
      update_id: this.nextUpdateId(),
      message: {
        message_id: this.nextMessageId(),
        date: Math.floor(this.now() / 1000),
        chat: privateChat(from, from.id),
        from: asUser(from),
        ...extra,
      } as NonNullable<Update['message']>,
    };
  }

  /** A text message; a leading `/command` gets its `bot_command` entity, as Telegram marks it. */
  text(from: TgUser, text: string): Update {
    const command = /^\/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?/.exec(text);
    return this.message(from, {
      text,
      ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
    });
  }

  /** `/start`, with a deep-link payload when given (`t.me/<bot>?start=<payload>`). */
  start(from: TgUser, payload?: string): Update {
    return this.text(from, payload ? `/start ${payload}` : '/start');
  }

  photo(
    from: TgUser,
    content: Buffer,
    opts: { caption?: string; width?: number; height?: number } = {},
  ): Update {
    const file = this.files.add(content, { kind: 'photos', mimeType: 'image/jpeg' });
    return this.message(from, {
      photo: this.files.photoSizes(file, opts.width, opts.height),
      ...(opts.caption === undefined ? {} : { caption: opts.caption }),
    });
  }

  document(
    from: TgUser,
    content: Buffer,
    opts: { fileName: string; mimeType?: string; caption?: string },
  ): Update {
    const file = this.files.add(content, {
      kind: 'documents',
      fileName: opts.fileName,
      mimeType: opts.mimeType,
    });
    return this.message(from, {
      document: this.files.document(file),
      ...(opts.caption === undefined ? {} : { caption: opts.caption }),
    });
  }

  /** A press on an inline keyboard button with callback `data`. */
  callback(from: TgUser, data: string): Update {
    return {
      update_id: this.nextUpdateId(),
      callback_query: {
        id: `CB${this.updateId}`,
        from: asUser(from),
        chat_instance: `CI${from.id}`,
        data,
      },
    };
  }
}
