/** An expected backup or restore failure (a tool failed, a file is incomplete, the target is not empty): its message is enough. */
export class BackupError extends Error {}
