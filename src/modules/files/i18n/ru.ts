import type { Strings } from './en.js';

export const ru: Strings = {
  'error.file.too_large': 'Файл больше допустимых {limit_mb} МБ.',
  'error.file.type_refused': 'Файлы этого типа ({type}) здесь не принимаются.',
  'error.file.audio_unreadable': 'Файл выглядит как аудио ({type}), но воспроизвести в нём нечего.',
  'error.file.multipart_required': 'Отправьте файл как multipart/form-data в поле «file».',
  'error.file.unavailable': 'Файл сейчас недоступен, попробуйте чуть позже.',
  'error.file.range_invalid': 'Запрошенный диапазон байтов вне файла.',
  'error.file.not_found': 'Такого файла нет.',
};
