import type { Strings } from './en.js';

export const fr: Strings = {
  'departments.title': 'Services internes',
  'departments.new': 'Nouveau service',
  'departments.edit': 'Modifier le service',
  'departments.created': 'Service créé.',
  'departments.updated': 'Service enregistré.',
  'departments.deleted': 'Service supprimé ; ses membres n’ont plus de service.',
  'departments.delete_confirm':
    'Supprimer le service {name} ? Ses membres restent, sans service (membres : {n}).',
  'error.department.name_taken': 'Un service porte déjà ce nom.',
  'error.department.not_found': 'Ce service n’existe pas.',
  'error.department.changed_meanwhile': 'Quelqu’un d’autre a modifié ce service entre-temps.',
};
