import type { Db } from '../../database.js';
import type { NewDepartmentRow } from './departments.table.js';

export const findById = (db: Db, id: number) =>
  db.selectFrom('departments').selectAll().where('id', '=', id).executeTakeFirst();

export const findByName = (db: Db, name: string) =>
  db
    .selectFrom('departments')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .executeTakeFirst();

/** Every department with its manager's name and member count (one query; departments are few). */
export const findAllWithStats = (db: Db) =>
  db
    .selectFrom('departments as d')
    .leftJoin('users as m', 'm.id', 'd.managerId')
    .select((eb) => [
      'd.id',
      'd.name',
      'd.description',
      'd.managerId',
      'd.createdAt',
      'd.updatedAt',
      'm.username as managerUsername',
      'm.firstName as managerFirstName',
      'm.lastName as managerLastName',
      eb
        .selectFrom('users as u')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('u.departmentId', '=', 'd.id')
        .as('memberCount'),
    ])
    .orderBy('d.name')
    .execute();

/** How many users belong to the department. */
export const countMembers = async (db: Db, id: number) =>
  Number(
    (
      await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('departmentId', '=', id)
        .executeTakeFirstOrThrow()
    ).n,
  );

export const listNames = (db: Db) =>
  db.selectFrom('departments').select(['id', 'name']).orderBy('name').execute();

export const insert = async (db: Db, row: NewDepartmentRow) =>
  (await db.insertInto('departments').values(row).returning('id').executeTakeFirstOrThrow()).id;

export const deleteById = (db: Db, id: number) => db.deleteFrom('departments').where('id', '=', id).execute();
