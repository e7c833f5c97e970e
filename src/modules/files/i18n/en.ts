/** The files module's strings in English: the source of truth, which ru.ts and fr.ts must match. */
export const en = {
  'error.file.too_large': 'The file is larger than the limit of {limit_mb} MB.',
  'error.file.type_refused': 'Files of this type ({type}) are not accepted here.',
  'error.file.audio_unreadable': 'This file starts like audio ({type}) but holds nothing a player can play.',
  'error.file.multipart_required': 'Send the file as multipart/form-data in the field "file".',
  'error.file.unavailable': 'The file cannot be read right now; try again shortly.',
  'error.file.range_invalid': 'The requested byte range is outside the file.',
  'error.file.not_found': 'No such file.',
};

export type Strings = Record<keyof typeof en, string>;
