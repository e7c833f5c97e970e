import type { Strings } from './en.js';

export const fr: Strings = {
  'error.file.too_large': 'Le fichier dépasse la limite de {limit_mb} Mo.',
  'error.file.type_refused': 'Les fichiers de ce type ({type}) ne sont pas acceptés ici.',
  'error.file.audio_unreadable':
    'Ce fichier commence comme de l’audio ({type}) mais ne contient rien de lisible.',
  'error.file.multipart_required': 'Envoyez le fichier en multipart/form-data dans le champ « file ».',
  'error.file.unavailable': 'Le fichier est indisponible pour le moment ; réessayez bientôt.',
  'error.file.range_invalid': 'La plage d’octets demandée est hors du fichier.',
  'error.file.not_found': 'Ce fichier n’existe pas.',
};
