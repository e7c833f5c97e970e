import type { Strings } from './en.js';

export const fr: Strings = {
  'welcome.title': 'Accueil',
  'welcome.greeting': 'Bonjour, {name} !',
  'welcome.intro': 'Voici tout ce que Sova peut faire pour vous aujourd’hui.',
  'welcome.roles': 'Vos rôles : {roles}',
  'welcome.no_roles': 'Vous n’avez pas encore de rôle : un administrateur peut vous en attribuer un.',
  'welcome.section.account': 'Votre profil, langue, mot de passe et jetons API.',
  'welcome.section.users': 'Comptes, rôles, activation et réinitialisation des mots de passe.',
  'welcome.section.departments': 'Les équipes et leurs responsables.',
  'welcome.section.activity': 'Qui a fait quoi, et quand.',
  'welcome.section.tokens': 'Jetons pour les intégrations, comme les formulaires de prospects.',
  'welcome.section.api_docs': 'L’API REST, avec une console pour l’essayer.',

  'welcome.section.jobs': 'Travail en arrière-plan : file, échecs, relances.',
  'welcome.section.outgoing': 'Toutes les requêtes vers les services externes.',
  'welcome.section.announcements': 'Un message qui s’affiche aussitôt chez tout le monde.',
  'welcome.section.contacts': 'Vos contacts, avec commandes, notes et historique.',
  'welcome.section.orders': 'Toutes les commandes, leur statut et montant.',
  'welcome.section.reports': 'Chiffres hebdomadaires, mensuels et annuels, avec graphiques.',
  'welcome.section.call-campaigns':
    'Campagnes d’appels : import, fiche d’appel avec enregistrement, résultats.',
  'welcome.section.calls': 'Tous les appels passés, avec résultat et enregistrement.',
  'welcome.section.companies': 'Les entreprises de vos listes d’appels.',
  'welcome.section.imports': 'Import de tableaux : contacts, commandes et listes d’appels, avec aperçu.',
};
