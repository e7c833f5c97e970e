import type { Strings } from './en.js';

export const fr: Strings = {
  'auth.login.title': 'Connexion',
  'auth.login.submit': 'Se connecter',
  'auth.login.no_account': 'Pas encore de compte ?',
  'error.auth.login.invalid': 'Identifiant/e-mail ou mot de passe incorrect.',
  'error.auth.login.inactive': 'Votre compte attend son activation par un administrateur.',
  'error.auth.login.locked':
    'Trop de mots de passe erronés pour ce compte. Réessayez dans {minutes} min, ou depuis un navigateur où vous vous êtes déjà connecté.',
  'auth.logout.done': 'Vous êtes déconnecté.',
  'auth.signup.title': 'Créer un compte',
  'auth.signup.submit': 'S’inscrire',
  'auth.signup.have_account': 'Déjà un compte ?',
  'auth.signup.closed': 'Les inscriptions sont fermées. Demandez un compte à un administrateur.',
  'auth.signup.pending.title': 'Compte créé',
  'auth.signup.pending.text':
    'Merci ! Un administrateur doit activer votre compte avant que vous puissiez vous connecter. Vous pourrez vous connecter dès que ce sera fait.',
  'auth.signup.welcome': 'Votre compte est prêt. Bienvenue !',
  'auth.setup.title': 'Créer l’administrateur',
  'auth.setup.intro':
    'Sova n’a encore aucun utilisateur. Créez le premier compte : ce sera l’administrateur, qui pourra ensuite inviter ou activer les autres.',
  'auth.setup.submit': 'Créer l’administrateur',
  'auth.setup.done': 'Le compte administrateur est prêt.',
  'error.auth.token_invalid': 'Le jeton est invalide ou a expiré.',
  'error.auth.scope': 'La portée de ce jeton ne permet pas cette requête.',
  'error.auth.csrf': 'Le formulaire a expiré. Rechargez la page et réessayez.',
  'error.auth.invalid_credentials': 'Identifiant/e-mail ou mot de passe incorrect.',
  'error.auth.inactive': 'Votre compte attend d’être activé par un administrateur.',
  'error.auth.signup_closed': 'Les inscriptions sont fermées : demandez un compte à un administrateur.',
};
