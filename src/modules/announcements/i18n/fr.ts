import type { Strings } from './en.js';

export const fr: Strings = {
  'announcements.title': 'Annonces',
  'announcements.intro': 'Le message s’affiche aussitôt chez toutes les personnes connectées (ou un rôle).',
  'announcements.text': 'Message',
  'announcements.audience': 'Destinataires',
  'announcements.everyone': 'Tout le monde',
  'announcements.sent': 'Annonce envoyée.',
};
