/** The outgoing module's strings in English: the source of truth, which ru.ts and fr.ts must match. */
export const en = {
  'outgoing.title': 'External calls',
  'outgoing.intro':
    'Each try of each request Sova sent to another service. Failed deliveries are retried by background jobs.',
  'outgoing.purpose': 'Purpose',
  'outgoing.failed_only': 'Failures only',
  'outgoing.empty': 'No requests yet',
  'outgoing.when': 'When',
  'outgoing.request': 'Request',
  'outgoing.status': 'Status',
  'outgoing.duration': 'Time',
  'outgoing.attempt': 'Try',
  'outgoing.error': 'Error',
  'outgoing.ms': '{ms} ms',
};

export type Strings = Record<keyof typeof en, string>;
