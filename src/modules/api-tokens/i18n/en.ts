/** The api-tokens module's strings in English: the source of truth, which ru.ts and fr.ts must match. */
export const en = {
  'tokens.integration.title': 'Integration tokens',
  'tokens.integration.intro':
    'Integration tokens let other systems (lead forms, dialers) call Sova. Give each the smallest scope it needs.',
  'tokens.create': 'Create token',
  'tokens.created': 'Token created. Copy it now: it will not be shown again.',
  'tokens.revoke': 'Revoke',
  'tokens.revoke_confirm': 'Revoke the token {name}? Whatever uses it stops working at once.',
  'tokens.revoked': 'Token revoked.',
  'tokens.revoked_badge': 'revoked',
  'tokens.kind.personal': 'Personal',
  'tokens.kind.integration': 'Integration',
  'tokens.scope.read': 'Read',
  'tokens.scope.write': 'Read and write',
  'tokens.scope.leads': 'Lead ingest only',
  'error.api_token.not_found': 'No such token.',
};

export type Strings = Record<keyof typeof en, string>;
