/** The deletions module's strings in English: the source of truth, which ru.ts and fr.ts must match. */
export const en = {
  'error.deletion.expired': 'This deletion can no longer be undone.',
  'error.deletion.restored': 'This deletion was undone already.',
  'error.deletion.email_taken': 'Cannot undo: a contact created since has the email {email}.',
  'error.deletion.not_found': 'There is no such deletion to undo.',
};

export type Strings = Record<keyof typeof en, string>;
