/**
 * One spelling per address, so lookups and the unique index agree. Its own file because both the
 * user service (writing users) and the auth service (finding one at login) need it, and the user
 * service already calls into auth (revoking sessions).
 */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();
