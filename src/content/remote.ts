import { PublishError } from './errors';

export type Auth = { apiKey: string } | { email: string; password: string } | { accessToken: string };

interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; fields?: { field: string; message: string }[] } }[];
}

/**
 * The public GraphQL API as a partner system calls it. Counts the mutations it sends (for the
 * summary) and never puts a credential in a message.
 */
export class RemoteApi {
  mutations = 0;
  private authorization?: string;

  constructor(
    readonly endpoint: string,
    private readonly auth: Auth,
  ) {}

  /** Signs in with email and password when given those; API keys and tokens go as they are. */
  async connect(): Promise<void> {
    if ('apiKey' in this.auth) this.authorization = `ApiKey ${this.auth.apiKey}`;
    else if ('accessToken' in this.auth) this.authorization = `Bearer ${this.auth.accessToken}`;
    else {
      const data = await this.send<{ login: { accessToken: string } }>(
        'mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }',
        { email: this.auth.email, password: this.auth.password },
        'login',
      );
      this.authorization = `Bearer ${data.login.accessToken}`;
    }
  }

  query<T>(query: string, variables: Record<string, unknown>, label: string): Promise<T> {
    return this.send<T>(query, variables, label);
  }

  mutate<T>(mutation: string, variables: Record<string, unknown>, label: string): Promise<T> {
    this.mutations += 1;
    return this.send<T>(mutation, variables, label);
  }

  private async send<T>(query: string, variables: Record<string, unknown>, label: string): Promise<T> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.authorization) headers.authorization = this.authorization;
    let response: Response;
    try {
      response = await fetch(this.endpoint, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    } catch (error) {
      throw new PublishError(`${label}: cannot reach ${this.endpoint} (${(error as Error).cause ?? (error as Error).message})`);
    }
    let answer: GraphQLAnswer<T>;
    try {
      answer = (await response.json()) as GraphQLAnswer<T>;
    } catch {
      throw new PublishError(`${label}: the server answered HTTP ${response.status} without GraphQL`);
    }
    const error = answer.errors?.[0];
    if (error) {
      const code = error.extensions?.code;
      const fields = error.extensions?.fields ?? [];
      const detail = fields.length ? fields.map((problem) => `${problem.field}: ${problem.message}`).join('; ') : error.message;
      throw new PublishError(`${label}: ${code ?? 'ERROR'} ${detail}`, code, fields);
    }
    if (!answer.data) throw new PublishError(`${label}: the server answered HTTP ${response.status} without data`);
    return answer.data;
  }
}

/** A presigned URL without its query (the signature), for messages. */
export const withoutSignature = (url: string) => {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(upload URL)';
  }
};
