import type { Strings } from './en.js';

export const fr: Strings = {
  'error.deletion.expired': 'Cette suppression ne peut plus être annulée.',
  'error.deletion.restored': 'Cette suppression a déjà été annulée.',
  'error.deletion.email_taken': 'Impossible d’annuler : un contact créé depuis a l’e-mail {email}.',
  'error.deletion.not_found': 'Aucune suppression de ce type à annuler.',
};
