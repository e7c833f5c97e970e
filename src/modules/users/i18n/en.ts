/** The users module's strings in English: the source of truth, which ru.ts and fr.ts must match. */
export const en = {
  'users.title': 'Users',
  'users.new': 'New user',
  'users.edit': 'Edit user',
  'users.search': 'Name, username or email',
  'users.created': 'User created.',
  'users.updated': 'User saved.',
  'users.activate': 'Activate',
  'users.deactivate': 'Deactivate',
  'users.activated': 'User activated.',
  'users.deactivated': 'User deactivated and signed out.',
  'users.deactivate_confirm':
    'Deactivate {name}? They can no longer sign in until an admin activates the account again.',
  'users.pending': 'awaiting activation',
  'users.inactive': 'inactive',
  'users.reset_password': 'Set a new password',
  'users.password_reset_done': 'Password changed. The user was signed out everywhere.',
  'users.self_deactivate': 'You cannot deactivate your own account.',
  'users.last_admin': 'At least one active administrator must remain.',
  'users.filter.pending': 'Awaiting activation',
  'error.user.taken': 'This username or email is already used.',
  'error.setup.done': 'Sova is set up already: sign in instead.',
  'error.users.last_admin': 'At least one active administrator must remain.',
  'error.users.self_deactivate': 'You cannot deactivate your own account.',
  'error.user.not_found': 'No such user.',
  'error.user.changed_meanwhile': 'Someone else changed this user meanwhile.',
};

export type Strings = Record<keyof typeof en, string>;
