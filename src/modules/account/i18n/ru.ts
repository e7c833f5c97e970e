import type { Strings } from './en.js';

export const ru: Strings = {
  'account.title': 'Мой профиль',
  'account.profile': 'Профиль',
  'account.preferences': 'Настройки',
  'account.time_zone_hint':
    'Даты и время показываются и вводятся в этом поясе. Пусто — пояс компании ({zone}).',
  'account.password': 'Смена пароля',
  'account.saved': 'Изменения сохранены.',
  'account.password_changed': 'Пароль изменён. Остальные сеансы завершены.',

  'tokens.personal.title': 'Личные API-токены',
  'tokens.personal.intro':
    'Личный токен действует в API от вашего имени. Храните его в тайне и отзывайте ненужные.',
};
