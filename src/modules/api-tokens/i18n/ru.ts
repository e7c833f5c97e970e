import type { Strings } from './en.js';

export const ru: Strings = {
  'tokens.integration.title': 'Токены интеграций',
  'tokens.integration.intro':
    'Токены интеграций позволяют другим системам (формам заявок, автодозвону) обращаться к Sova. Давайте каждому минимальные права.',
  'tokens.create': 'Создать токен',
  'tokens.created': 'Токен создан. Скопируйте его сейчас: больше он показан не будет.',
  'tokens.revoke': 'Отозвать',
  'tokens.revoke_confirm': 'Отозвать токен «{name}»? Всё, что им пользуется, сразу перестанет работать.',
  'tokens.revoked': 'Токен отозван.',
  'tokens.revoked_badge': 'отозван',
  'tokens.kind.personal': 'Личный',
  'tokens.kind.integration': 'Интеграция',
  'tokens.scope.read': 'Чтение',
  'tokens.scope.write': 'Чтение и запись',
  'tokens.scope.leads': 'Только приём заявок',
  'error.api_token.not_found': 'Такого токена нет.',
};
