import type { Strings } from './en.js';

export const fr: Strings = {
  'outgoing.title': 'Appels externes',
  'outgoing.intro':
    'Chaque essai de chaque requête envoyée par Sova à un autre service. Les envois échoués sont relancés par les tâches de fond.',
  'outgoing.purpose': 'Objet',
  'outgoing.failed_only': 'Échecs seulement',
  'outgoing.empty': 'Aucune requête pour l’instant',
  'outgoing.when': 'Quand',
  'outgoing.request': 'Requête',
  'outgoing.status': 'Statut',
  'outgoing.duration': 'Durée',
  'outgoing.attempt': 'Essai',
  'outgoing.error': 'Erreur',
  'outgoing.ms': '{ms} ms',
};
