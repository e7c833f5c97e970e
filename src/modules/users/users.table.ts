import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Role } from '../../platform/auth/roles.js';

export interface UsersTable {
  id: Generated<number>;
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  position: string;
  passwordHash: string;
  active: number;
  locale: string | null;
  /** The user's IANA zone; null: the company's (`TIME_ZONE`). */
  timeZone: string | null;
  departmentId: number | null;
  telegramId: string | null;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
  /**
   * Raised when what the admin's form holds changes (names, email, position, department, language, active,
   * roles); not by sign-ins or password changes.
   */
  version: Generated<number>;
}
export interface UserRolesTable {
  userId: number;
  role: Role;
}
export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type UserRowUpdate = Updateable<UsersTable>;

declare module '../../database.js' {
  interface Database {
    users: UsersTable;
    userRoles: UserRolesTable;
  }
}
