/** The runtime store: one `Db` over PostgreSQL or PGlite, migrations, and the store functions. */
export type { Db, DbKind } from "./db.js";
export { openPostgres, openPglite, type PostgresOptions } from "./db.js";
export { migrate, migrationNames, migrationsDir, type MigrateOptions } from "./migrate.js";
export * from "./errors.js";
export { acquireApplyLock, applyLockHolder, forceUnlock, releaseApplyLock, type HeldApplyLock } from "./apply-lock.js";
export * from "./versions.js";
export * from "./events.js";
export * from "./outbox.js";
export { loadContacts } from "./contact-load.js";
export { saveContacts, type ContactChange } from "./contact-save.js";
export { lockContacts } from "./contact-lock.js";
