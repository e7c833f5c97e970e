/** The account module's strings in English: the source of truth, which ru.ts and fr.ts must match. */
export const en = {
  'account.title': 'My account',
  'account.profile': 'Profile',
  'account.preferences': 'Preferences',
  'account.time_zone_hint':
    'Dates and times are shown and typed in this zone. Empty: the company’s ({zone}).',
  'account.password': 'Change password',
  'account.saved': 'Your changes are saved.',
  'account.password_changed': 'Your password is changed. Other sessions were signed out.',

  'tokens.personal.title': 'Personal API tokens',
  'tokens.personal.intro': 'A personal token acts as you in the API. Keep it secret; revoke it when unused.',
};

export type Strings = Record<keyof typeof en, string>;
