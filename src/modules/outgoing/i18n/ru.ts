import type { Strings } from './en.js';

export const ru: Strings = {
  'outgoing.title': 'Внешние запросы',
  'outgoing.intro':
    'Каждая попытка каждого запроса Sova к другим сервисам. Неудачные отправки повторяются фоновыми задачами.',
  'outgoing.purpose': 'Назначение',
  'outgoing.failed_only': 'Только ошибки',
  'outgoing.empty': 'Запросов пока не было',
  'outgoing.when': 'Когда',
  'outgoing.request': 'Запрос',
  'outgoing.status': 'Статус',
  'outgoing.duration': 'Время',
  'outgoing.attempt': 'Попытка',
  'outgoing.error': 'Ошибка',
  'outgoing.ms': '{ms} мс',
};
