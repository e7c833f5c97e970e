/** The home module's strings in English: the source of truth, which ru.ts and fr.ts must match. */
export const en = {
  'welcome.title': 'Home',
  'welcome.greeting': 'Hello, {name}!',
  'welcome.intro': 'Here is everything Sova can do for you today.',
  'welcome.roles': 'Your roles: {roles}',
  'welcome.no_roles': 'You have no role yet: an administrator can give you one.',
  'welcome.section.account': 'Your profile, language, password and API tokens.',
  'welcome.section.users': 'Accounts, roles, activation and password resets.',
  'welcome.section.departments': 'Teams and their managers.',
  'welcome.section.activity': 'Who did what, and when.',
  'welcome.section.tokens': 'Tokens for integrations such as lead forms.',
  'welcome.section.api_docs': 'The REST API, with a console to try it.',

  'welcome.section.jobs': 'Background work: counts, failures, retries.',
  'welcome.section.outgoing': 'Every request sent to external services.',
  'welcome.section.announcements': 'A message that pops up for everyone, live.',
  'welcome.section.contacts': 'People you sell to, with their orders, notes and history.',
  'welcome.section.orders': 'Every order, its status and total.',
  'welcome.section.reports': 'Weekly, monthly and yearly figures with charts.',
  'welcome.section.call-campaigns': 'Outbound call lists: import, call form with recording, results.',
  'welcome.section.calls': 'Every call made, with its result and recording.',
  'welcome.section.companies': 'The companies your call lists reach.',
  'welcome.section.imports': 'Spreadsheets in: contacts, orders and call lists, with a preview.',
};

export type Strings = Record<keyof typeof en, string>;
