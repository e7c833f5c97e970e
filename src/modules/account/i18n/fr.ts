import type { Strings } from './en.js';

export const fr: Strings = {
  'account.title': 'Mon compte',
  'account.profile': 'Profil',
  'account.preferences': 'Préférences',
  'account.time_zone_hint':
    'Les dates et heures sont affichées et saisies dans ce fuseau. Vide : celui de l’entreprise ({zone}).',
  'account.password': 'Changer le mot de passe',
  'account.saved': 'Vos modifications sont enregistrées.',
  'account.password_changed': 'Mot de passe changé. Les autres sessions ont été fermées.',

  'tokens.personal.title': 'Jetons API personnels',
  'tokens.personal.intro':
    'Un jeton personnel agit en votre nom dans l’API. Gardez-le secret ; révoquez-le s’il ne sert plus.',
};
