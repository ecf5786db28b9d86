/** Queries on the `platform` table (hard deletes: platforms are configuration, not catalogue content). */
import { insertedId, type Executor } from '../database/dialect.ts';

export interface PlatformRow {
  identifier: number;
  name: string;
}

export async function listPlatforms(executor: Executor, offset: number, limit: number): Promise<PlatformRow[]> {
  return executor.selectFrom('platform').selectAll().orderBy('identifier').limit(limit).offset(offset).execute();
}

export async function countPlatforms(executor: Executor): Promise<number> {
  const row = await executor
    .selectFrom('platform')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findPlatformById(executor: Executor, identifier: number): Promise<PlatformRow | undefined> {
  return executor.selectFrom('platform').selectAll().where('identifier', '=', identifier).executeTakeFirst();
}

export async function findPlatformByName(executor: Executor, name: string): Promise<PlatformRow | undefined> {
  return executor.selectFrom('platform').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function platformNames(executor: Executor): Promise<string[]> {
  const rows = await executor.selectFrom('platform').select('name').orderBy('identifier').execute();
  return rows.map((row) => row.name);
}

export async function insertPlatform(executor: Executor, name: string): Promise<number> {
  return insertedId(await executor.insertInto('platform').values({ name }).executeTakeFirstOrThrow());
}

export async function renamePlatform(executor: Executor, identifier: number, name: string): Promise<void> {
  await executor.updateTable('platform').set({ name }).where('identifier', '=', identifier).execute();
}

export async function deletePlatform(executor: Executor, identifier: number): Promise<void> {
  await executor.deleteFrom('platform').where('identifier', '=', identifier).execute();
}

export async function isPlatformInUse(executor: Executor, name: string): Promise<boolean> {
  const row = await executor.selectFrom('asset').select('identifier').where('platform', '=', name).limit(1).executeTakeFirst();
  return row !== undefined;
}
