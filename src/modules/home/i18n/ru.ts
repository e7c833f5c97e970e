import type { Strings } from './en.js';

export const ru: Strings = {
  'welcome.title': 'Главная',
  'welcome.greeting': 'Здравствуйте, {name}!',
  'welcome.intro': 'Всё, что Sova может сделать для вас сегодня.',
  'welcome.roles': 'Ваши роли: {roles}',
  'welcome.no_roles': 'У вас пока нет роли: её может назначить администратор.',
  'welcome.section.account': 'Профиль, язык, пароль и API-токены.',
  'welcome.section.users': 'Учётные записи, роли, активация и сброс паролей.',
  'welcome.section.departments': 'Команды и их руководители.',
  'welcome.section.activity': 'Кто, что и когда сделал.',
  'welcome.section.tokens': 'Токены для интеграций, например форм заявок.',
  'welcome.section.api_docs': 'REST API с консолью для проверки запросов.',

  'welcome.section.jobs': 'Фоновая работа: очередь, ошибки, повторы.',
  'welcome.section.outgoing': 'Все запросы к внешним сервисам.',
  'welcome.section.announcements': 'Сообщение, которое сразу увидят все.',
  'welcome.section.contacts': 'Контакты с их заказами, заметками и историей.',
  'welcome.section.orders': 'Все заказы, их статусы и суммы.',
  'welcome.section.reports': 'Отчёты за неделю, месяц и год с графиками.',
  'welcome.section.call-campaigns': 'Обзвон: импорт списков, форма звонка с записью, результаты.',
  'welcome.section.calls': 'Все звонки с результатами и записями.',
  'welcome.section.companies': 'Компании из списков обзвона.',
  'welcome.section.imports': 'Загрузка таблиц: контакты, заказы и списки обзвона, с предпросмотром.',
};
