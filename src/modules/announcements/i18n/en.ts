/** The announcements module's strings in English: the source of truth, which ru.ts and fr.ts must match. */
export const en = {
  'announcements.title': 'Announcements',
  'announcements.intro': 'The message appears at once on the screen of everyone signed in (or of one role).',
  'announcements.text': 'Message',
  'announcements.audience': 'Who sees it',
  'announcements.everyone': 'Everyone',
  'announcements.sent': 'Announcement sent.',
};

export type Strings = Record<keyof typeof en, string>;
