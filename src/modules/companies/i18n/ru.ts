import type { Strings } from './en.js';

export const ru: Strings = {
  'calls.timeline': 'Звонки',
  'companies.title': 'Компании',
  'companies.empty': 'Компаний пока нет: они появляются при загрузке обзвона.',
  'companies.name': 'Компания',
  'companies.phone': 'Телефон',
  'companies.product': 'Продукт',
  'companies.activity': 'Деятельность',
  'companies.location': 'Местоположение',
  'companies.legal_form': 'Правовая форма',
  'companies.niu': 'ИНН',
  'companies.validity_score': 'Оценка',
  'companies.none': 'Без компании',
  'companies.people': 'Сотрудники',
  'companies.no_people': 'Пока ни один контакт не работает в этой компании.',
  'companies.all_people': 'Все сотрудники компании ({n})',
  'companies.all_orders': 'Все заказы сотрудников компании',
};
