import type { Strings } from './en.js';

export const fr: Strings = {
  'tokens.integration.title': 'Jetons d’intégration',
  'tokens.integration.intro':
    'Les jetons d’intégration permettent à d’autres systèmes (formulaires, numéroteurs) d’appeler Sova. Donnez à chacun le minimum de droits.',
  'tokens.create': 'Créer un jeton',
  'tokens.created': 'Jeton créé. Copiez-le maintenant : il ne sera plus affiché.',
  'tokens.revoke': 'Révoquer',
  'tokens.revoke_confirm': 'Révoquer le jeton {name} ? Ce qui l’utilise cesse aussitôt de fonctionner.',
  'tokens.revoked': 'Jeton révoqué.',
  'tokens.revoked_badge': 'révoqué',
  'tokens.kind.personal': 'Personnel',
  'tokens.kind.integration': 'Intégration',
  'tokens.scope.read': 'Lecture',
  'tokens.scope.write': 'Lecture et écriture',
  'tokens.scope.leads': 'Réception de prospects uniquement',
  'error.api_token.not_found': 'Ce jeton n’existe pas.',
};
