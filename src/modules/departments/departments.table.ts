import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface DepartmentsTable {
  id: Generated<number>;
  name: string;
  description: string;
  managerId: number | null;
  createdAt: string;
  updatedAt: string;
  /** Raised by every change of the department (`platform/db/versioned.ts`). */
  version: Generated<number>;
}
export type DepartmentRow = Selectable<DepartmentsTable>;
export type NewDepartmentRow = Insertable<DepartmentsTable>;
export type DepartmentRowUpdate = Updateable<DepartmentsTable>;

declare module '../../database.js' {
  interface Database {
    departments: DepartmentsTable;
  }
}
