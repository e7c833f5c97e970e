import type { Strings } from './en.js';

export const fr: Strings = {
  'calls.timeline': 'Appels',
  'companies.title': 'Entreprises',
  'companies.empty': 'Aucune entreprise : elles arrivent avec l’import d’une campagne.',
  'companies.name': 'Entreprise',
  'companies.phone': 'Téléphone',
  'companies.product': 'Produit',
  'companies.activity': 'Activité',
  'companies.location': 'Localisation',
  'companies.legal_form': 'Forme',
  'companies.niu': 'NIU',
  'companies.validity_score': 'Score',
  'companies.none': 'Aucune entreprise',
  'companies.people': 'Personnes',
  'companies.no_people': 'Aucun contact ne travaille encore ici.',
  'companies.all_people': 'Toutes les personnes de l’entreprise ({n})',
  'companies.all_orders': 'Toutes les commandes de ses personnes',
};
