import { type Actor, hasRole } from '../../platform/auth/roles.js';
import type { FileRow } from './files.table.js';

/** Admins and managers see every file; others the files they uploaded. Modules widen this as they attach files. */
export const canReadFile = (actor: Actor, file: Pick<FileRow, 'uploadedBy'>) =>
  hasRole(actor, 'admin', 'manager') || file.uploadedBy === actor.id;

export const canDeleteFile = (actor: Actor, file: Pick<FileRow, 'uploadedBy'>) =>
  hasRole(actor, 'admin') || file.uploadedBy === actor.id;
