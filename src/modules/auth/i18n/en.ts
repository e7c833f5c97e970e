/** The auth module's strings in English: the source of truth, which ru.ts and fr.ts must match. */
export const en = {
  'auth.login.title': 'Sign in',
  'auth.login.submit': 'Sign in',
  'auth.login.no_account': 'No account yet?',
  'error.auth.login.invalid': 'Wrong username/email or password.',
  'error.auth.login.inactive': 'Your account is waiting for an administrator to activate it.',
  'error.auth.login.locked':
    'Too many wrong passwords for this account. Try again in {minutes} min, or from a browser you have signed in with before.',
  'auth.logout.done': 'You are signed out.',
  'auth.signup.title': 'Create an account',
  'auth.signup.submit': 'Sign up',
  'auth.signup.have_account': 'Already have an account?',
  'auth.signup.closed': 'Sign-up is closed. Ask an administrator for an account.',
  'auth.signup.pending.title': 'Account created',
  'auth.signup.pending.text':
    'Thank you! An administrator must activate your account before you can sign in. You will be able to sign in as soon as it is done.',
  'auth.signup.welcome': 'Your account is ready. Welcome!',
  'auth.setup.title': 'Create the administrator',
  'auth.setup.intro':
    'Sova has no users yet. Create the first account: it will be the administrator, who can then invite or activate everyone else.',
  'auth.setup.submit': 'Create administrator',
  'auth.setup.done': 'The administrator account is ready.',
  'error.auth.token_invalid': 'The token is invalid or expired.',
  'error.auth.scope': 'This token’s scope does not allow this request.',
  'error.auth.csrf': 'The form expired. Reload the page and try again.',
  'error.auth.invalid_credentials': 'Wrong username/email or password.',
  'error.auth.inactive': 'Your account is waiting for an administrator to activate it.',
  'error.auth.signup_closed': 'Sign-up is closed: ask an administrator for an account.',
};

export type Strings = Record<keyof typeof en, string>;
