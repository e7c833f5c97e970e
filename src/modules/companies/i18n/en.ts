/** The companies module's strings in English: the source of truth, which ru.ts and fr.ts must match. */
export const en = {
  'calls.timeline': 'Calls',
  'companies.title': 'Companies',
  'companies.empty': "No companies yet: they come with a campaign's import.",
  'companies.name': 'Company',
  'companies.phone': 'Phone',
  'companies.product': 'Product',
  'companies.activity': 'Activity',
  'companies.location': 'Location',
  'companies.legal_form': 'Legal form',
  'companies.niu': 'NIU',
  'companies.validity_score': 'Score',
  'companies.none': 'No company',
  'companies.people': 'People',
  'companies.no_people': 'No contact works here yet.',
  'companies.all_people': 'All {n} people of this company',
  'companies.all_orders': 'All orders of its people',
};

export type Strings = Record<keyof typeof en, string>;
