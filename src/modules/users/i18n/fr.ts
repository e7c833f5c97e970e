import type { Strings } from './en.js';

export const fr: Strings = {
  'users.title': 'Utilisateurs',
  'users.new': 'Nouvel utilisateur',
  'users.edit': 'Modifier l’utilisateur',
  'users.search': 'Nom, identifiant ou e-mail',
  'users.created': 'Utilisateur créé.',
  'users.updated': 'Utilisateur enregistré.',
  'users.activate': 'Activer',
  'users.deactivate': 'Désactiver',
  'users.activated': 'Utilisateur activé.',
  'users.deactivated': 'Utilisateur désactivé et déconnecté.',
  'users.deactivate_confirm':
    'Désactiver {name} ? Cette personne ne pourra plus se connecter tant qu’un administrateur n’aura pas réactivé le compte.',
  'users.pending': 'en attente d’activation',
  'users.inactive': 'inactif',
  'users.reset_password': 'Définir un nouveau mot de passe',
  'users.password_reset_done': 'Mot de passe changé. L’utilisateur a été déconnecté partout.',
  'users.self_deactivate': 'Vous ne pouvez pas désactiver votre propre compte.',
  'users.last_admin': 'Il doit rester au moins un administrateur actif.',
  'users.filter.pending': 'En attente d’activation',
  'error.user.taken': 'Cet identifiant ou cet e-mail est déjà utilisé.',
  'error.setup.done': 'Sova est déjà configurée : connectez-vous.',
  'error.users.last_admin': 'Il doit rester au moins un administrateur actif.',
  'error.users.self_deactivate': 'Vous ne pouvez pas désactiver votre propre compte.',
  'error.user.not_found': 'Cet utilisateur n’existe pas.',
  'error.user.changed_meanwhile': 'Quelqu’un d’autre a modifié cet utilisateur entre-temps.',
};
