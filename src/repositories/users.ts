/** Queries on `app_user`: the users seen in tokens (subject → username), learned without Keycloak's admin API. */
import { type Executor, insertIgnoringDuplicates } from '../database/dialect.ts';
import type { DialectName } from '../database/db.ts';

export async function upsertUser(
  executor: Executor,
  dialect: DialectName,
  user: { subject: string; username: string; at: string },
): Promise<void> {
  await insertUserIfMissing(executor, dialect, user);
  await executor
    .updateTable('app_user')
    .set({ username: user.username, last_seen: user.at })
    .where('subject', '=', user.subject)
    .execute();
}

export async function insertUserIfMissing(
  executor: Executor,
  dialect: DialectName,
  user: { subject: string; username: string; at: string },
): Promise<void> {
  await insertIgnoringDuplicates(executor, dialect, 'app_user')
    .values({ subject: user.subject, username: user.username, last_seen: user.at })
    .execute();
}

export async function findUserByUsername(executor: Executor, username: string) {
  return executor.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function findUserBySubject(executor: Executor, subject: string) {
  return executor.selectFrom('app_user').selectAll().where('subject', '=', subject).executeTakeFirst();
}
