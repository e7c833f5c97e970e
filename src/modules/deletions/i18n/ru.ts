import type { Strings } from './en.js';

export const ru: Strings = {
  'error.deletion.expired': 'Это удаление уже нельзя отменить.',
  'error.deletion.restored': 'Это удаление уже отменено.',
  'error.deletion.email_taken':
    'Нельзя отменить: у контакта, созданного после удаления, тот же email {email}.',
  'error.deletion.not_found': 'Такого удаления нет.',
};
