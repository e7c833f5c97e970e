import type { Strings } from './en.js';

export const ru: Strings = {
  'departments.title': 'Отделы',
  'departments.new': 'Новый отдел',
  'departments.edit': 'Редактирование отдела',
  'departments.created': 'Отдел создан.',
  'departments.updated': 'Отдел сохранён.',
  'departments.deleted': 'Отдел удалён; его сотрудники остались без отдела.',
  'departments.delete_confirm':
    'Удалить отдел «{name}»? Его сотрудники останутся без отдела (сотрудников: {n}).',
  'error.department.name_taken': 'Отдел с таким названием уже есть.',
  'error.department.not_found': 'Такого отдела нет.',
  'error.department.changed_meanwhile': 'Кто-то другой тем временем изменил этот отдел.',
};
