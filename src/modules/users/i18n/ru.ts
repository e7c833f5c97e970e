import type { Strings } from './en.js';

export const ru: Strings = {
  'users.title': 'Пользователи',
  'users.new': 'Новый пользователь',
  'users.edit': 'Редактирование пользователя',
  'users.search': 'Имя, логин или email',
  'users.created': 'Пользователь создан.',
  'users.updated': 'Пользователь сохранён.',
  'users.activate': 'Активировать',
  'users.deactivate': 'Деактивировать',
  'users.activated': 'Пользователь активирован.',
  'users.deactivated': 'Пользователь деактивирован, его сеансы завершены.',
  'users.deactivate_confirm':
    'Отключить {name}? Пользователь не сможет войти, пока администратор снова не включит учётную запись.',
  'users.pending': 'ожидает активации',
  'users.inactive': 'неактивен',
  'users.reset_password': 'Задать новый пароль',
  'users.password_reset_done': 'Пароль изменён. Все сеансы пользователя завершены.',
  'users.self_deactivate': 'Нельзя деактивировать собственную учётную запись.',
  'users.last_admin': 'Должен остаться хотя бы один активный администратор.',
  'users.filter.pending': 'Ожидают активации',
  'error.user.taken': 'Это имя пользователя или email уже заняты.',
  'error.setup.done': 'Sova уже настроена: войдите в систему.',
  'error.users.last_admin': 'Должен остаться хотя бы один активный администратор.',
  'error.users.self_deactivate': 'Нельзя отключить собственную учётную запись.',
  'error.user.not_found': 'Такого пользователя нет.',
  'error.user.changed_meanwhile': 'Кто-то другой тем временем изменил этого пользователя.',
};
