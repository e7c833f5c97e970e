import type { Strings } from './en.js';

export const ru: Strings = {
  'announcements.title': 'Объявления',
  'announcements.intro': 'Сообщение сразу появится на экране у всех, кто в системе (или у одной роли).',
  'announcements.text': 'Сообщение',
  'announcements.audience': 'Кому',
  'announcements.everyone': 'Всем',
  'announcements.sent': 'Объявление отправлено.',
};
