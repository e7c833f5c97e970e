import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface DepartmentsTable {
  id: Generated<number>;
  name: string;
  description: string;
  managerId: number | null;
  createdAt: string;
  updatedAt: string;
}
export type DepartmentRow = Selectable<DepartmentsTable>;
export type NewDepartmentRow = Insertable<DepartmentsTable>;
export type DepartmentRowUpdate = Updateable<DepartmentsTable>;
