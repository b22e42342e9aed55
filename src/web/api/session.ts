import type { Role, SessionFieldsFragment, TypedDocumentString } from '../gql/graphql';
import { ApiError, execute } from './client';
import { LogoutMutation, RefreshMutation } from './operations';

/** What stays on the device between visits. */
export interface Session {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
  userId: string;
  name: string;
  /** What the person may do (LEARNER, INSTRUCTOR, ADMIN…): the app shows the matching areas; the server still decides. */
  roles: Role[];
}

const STORAGE_KEY = 'pelita.session';
/** Refreshed this long before it ends, so a request on a slow link does not arrive with a dead token. */
const REFRESH_MARGIN_MS = 60_000;

export function sessionFrom(payload: SessionFieldsFragment): Session {
  return {
    accessToken: payload.accessToken,
    accessTokenExpiresAt: payload.accessTokenExpiresAt,
    refreshToken: payload.refreshToken,
    refreshTokenExpiresAt: payload.refreshTokenExpiresAt,
    userId: payload.user.id,
    name: payload.user.name,
    roles: payload.user.roles,
  };
}

export function loadSession(): Session | null {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Session | null;
    if (!stored || Date.parse(stored.refreshTokenExpiresAt) <= Date.now()) return null;
    // Kept by an app version that did not know roles yet: a learner until the next token refresh says more.
    return { ...stored, roles: stored.roles ?? ['LEARNER'] };
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  try {
    if (session) localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage refused (private mode): the session lasts for this visit only.
  }
}

export class SessionEnded extends Error {}

/**
 * Runs an operation as the signed-in person: refreshes the access token when it is about to end
 * (a refresh token is single use, so one refresh at a time), and reports SessionEnded when the
 * server no longer accepts the session.
 */
export class Auth {
  private refreshing: Promise<Session> | undefined;

  constructor(
    private session: Session,
    private readonly onChange: (session: Session | null) => void,
  ) {}

  async run<R, V>(document: TypedDocumentString<R, V>, variables: V): Promise<R> {
    const session = await this.current();
    try {
      return await execute(document, variables, session.accessToken);
    } catch (error) {
      throw this.ended(error);
    }
  }

  async logout(): Promise<void> {
    const { refreshToken } = this.session;
    this.clear();
    // Best effort: offline, the token simply runs out on the server.
    await execute(LogoutMutation, { refreshToken }).catch(() => undefined);
  }

  private async current(): Promise<Session> {
    if (Date.parse(this.session.accessTokenExpiresAt) - REFRESH_MARGIN_MS > Date.now()) return this.session;
    this.refreshing ??= execute(RefreshMutation, { refreshToken: this.session.refreshToken })
      .then((data) => {
        this.session = sessionFrom(data.refreshToken);
        saveSession(this.session);
        this.onChange(this.session);
        return this.session;
      })
      .catch((error: unknown) => {
        throw this.ended(error);
      })
      .finally(() => {
        this.refreshing = undefined;
      });
    return this.refreshing;
  }

  /** The error to report: SessionEnded (and the session forgotten) when the server no longer takes it. */
  private ended(error: unknown): unknown {
    if (!(error instanceof ApiError) || error.code !== 'UNAUTHENTICATED') return error;
    this.clear();
    return new SessionEnded();
  }

  private clear(): void {
    saveSession(null);
    this.onChange(null);
  }
}
