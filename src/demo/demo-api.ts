/** The few admin calls the demo makes over the public GraphQL API. */
export class DemoApi {
  constructor(private readonly graphqlUrl: string) {}

  private async call<T>(query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
    const response = await fetch(this.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
    if (body.errors?.length || !body.data) {
      const [first] = body.errors ?? [{ message: `HTTP ${response.status}` }];
      throw new Error(`demo seeding: ${first.extensions?.code ?? 'ERROR'}: ${first.message}`);
    }
    return body.data;
  }

  async login(email: string, password: string): Promise<string> {
    const data = await this.call<{ login: { accessToken: string } }>(
      'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }',
      { email, password },
    );
    return data.login.accessToken;
  }

  async organizationId(token: string, name: string): Promise<string> {
    let after: string | null = null;
    for (;;) {
      const data: { organizations: { edges: { node: { id: string; name: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await this.call(
        'query ($after: String) { organizations(first: 100, after: $after) { edges { node { id name } } pageInfo { hasNextPage endCursor } } }',
        { after },
        token,
      );
      const found = data.organizations.edges.find((edge) => edge.node.name === name);
      if (found) return found.node.id;
      if (!data.organizations.pageInfo.hasNextPage) throw new Error(`demo seeding: organization ${name} not found`);
      after = data.organizations.pageInfo.endCursor;
    }
  }

  async createApiKey(token: string, organizationId: string, name: string): Promise<string> {
    const data = await this.call<{ createApiKey: { secret: string } }>(
      'mutation ($organizationId: ID!, $name: String!) { createApiKey(organizationId: $organizationId, name: $name) { secret } }',
      { organizationId, name },
      token,
    );
    return data.createApiKey.secret;
  }

  /** Publishes a course waiting for review; one already published is left as it is. */
  async approveCourse(token: string, code: string): Promise<void> {
    const { course } = await this.call<{ course: { id: string; status: string } | null }>('query ($code: String) { course(code: $code) { id status } }', { code }, token);
    if (!course) throw new Error(`demo seeding: course ${code} was not published`);
    if (course.status === 'DRAFT') await this.call('mutation ($id: ID!) { submitCourseForReview(id: $id) { id } }', { id: course.id }, token);
    if (course.status !== 'PUBLISHED') await this.call('mutation ($id: ID!) { publishCourse(id: $id) { id } }', { id: course.id }, token);
  }
}
