export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: { code?: string; fields?: { field: string; message: string }[]; [key: string]: unknown } }[];
  extensions?: { sqlStatements?: number; [key: string]: unknown };
}

type ErrorsOnly = { errors?: { extensions?: { code?: string; fields?: { field: string }[] } }[] };
/** The code of a response's first error (undefined when it succeeded). */
export const errorCode = (response: ErrorsOnly) => response.errors?.[0]?.extensions?.code;
/** The fields a response's first error names. */
export const errorFields = (response: ErrorsOnly) => response.errors?.[0]?.extensions?.fields?.map((problem) => problem.field);

export interface Credentials {
  token?: string;
  apiKey?: string;
  headers?: Record<string, string>;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  user: { id: string; email: string; roles: string[] };
}

export interface GraphQLClient {
  url: string;
  gql<T = any>(query: string, variables?: Record<string, unknown>, credentials?: Credentials): Promise<GraphQLResponse<T>>;
  /** Like gql, but fails the test on any error and answers `data`. */
  ok<T = any>(query: string, variables?: Record<string, unknown>, credentials?: Credentials): Promise<T>;
  login(email: string, password: string): Promise<Session>;
}

export const LOGIN = `mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) { accessToken refreshToken user { id email roles } }
}`;

export function graphqlClient(url: string): GraphQLClient {
  const gql = async <T,>(
    query: string,
    variables: Record<string, unknown> = {},
    credentials: Credentials = {},
  ): Promise<GraphQLResponse<T>> => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...credentials.headers };
    if (credentials.token) headers.authorization = `Bearer ${credentials.token}`;
    if (credentials.apiKey) headers.authorization = `ApiKey ${credentials.apiKey}`;
    const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status' | 'headers'>;
    return { status: response.status, headers: response.headers, ...body };
  };
  const ok = async <T,>(query: string, variables?: Record<string, unknown>, credentials?: Credentials): Promise<T> => {
    const result = await gql<T>(query, variables, credentials);
    if (result.errors?.length) {
      throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
    }
    return result.data as T;
  };
  return {
    url,
    gql,
    ok,
    login: async (email, password) => (await ok<{ login: Session }>(LOGIN, { email, password })).login,
  };
}
