import { isIPv6 } from 'node:net';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { ThrottleConfig } from '../../config';
import type { Context } from '../../context';
import { appError, ErrorCode } from '../../errors';
import { QUERY_LIMITS } from '../../graphql/limits';
import type { AccessTokens } from '../../access-tokens';
import { sha256Hex } from '../../access-tokens';
import { Role } from '../../identity';
import { type BudgetRate, QueryBudgets } from './query-budgets';

/**
 * What a request that never reached a computed cost is charged (unparsable, invalid, too complex,
 * refused credentials): reading, parsing and validating it cost the server about as much as a
 * small query, more for a long document, and a client flooding refusals must run out of budget
 * like one flooding queries. A typo costs about 50; a 15 kB document that fails at the token
 * limit 350. `bodyBytes`: what the server read (nothing for a body refused by its declared length).
 */
export function refusedRequestCost(bodyBytes: number): number {
  return 50 + Math.ceil(bodyBytes / 50);
}

/** Access tokens remembered as verified, bounded like the keys below. */
const VERIFIED_TOKENS_MAX = 10_000;
/** How long a refusal before parsing is held (at most until the budget allows again). */
const REFUSAL_DELAY_MS = 1_000;

/** Keys of API keys this process saw authenticate, bounded so a flood of invented keys cannot grow it. */
const KNOWN_API_KEYS_MAX = 10_000;

/** Whom a request is charged to, decided from its headers alone (before the body is read). */
interface Ticket {
  key: string;
  rate: BudgetRate;
  /** Requests whose credentials prove nothing yet are also held to, and charged to, their address. */
  addressKey: string;
  proven: boolean;
  /** Its cost, or its refusal, was charged (a refusal GraphQL never saw is charged when the response ends). */
  charged: boolean;
  /** Set once the request's context exists. */
  requestId: string;
  bodyBytes: number;
  /** What its operation was charged before it ran: the estimate, for `first` items whether or not they exist. */
  estimatedCost?: number;
}

const TICKET = Symbol('queryBudgetTicket');
type WithTicket = Response & { [TICKET]?: Ticket };

/**
 * Per principal, a budget of query cost per window: signed-in people by user id (from the access
 * token's signature; the session is checked later, as always), partner systems by their API key,
 * and requests without valid credentials by client address. Signed-in requests are charged to the
 * principal only, so an office behind one NAT address is not starved by its own colleagues.
 */
export class Throttle {
  private readonly budgets: QueryBudgets;
  /** By request id: Apollo hands plugins a copy of the context object, not the one we made. */
  private readonly tickets = new Map<string, Ticket>();
  private readonly knownApiKeys = new Set<string>();
  private readonly principalRate: BudgetRate;
  private readonly administratorRate: BudgetRate;
  private readonly anonymousRate: BudgetRate;

  constructor(
    orm: MikroORM,
    private readonly accessTokens: AccessTokens,
    config: ThrottleConfig,
    private readonly maxBodyBytes: number,
    logger: Logger,
  ) {
    this.budgets = new QueryBudgets(orm, logger);
    this.principalRate = principalRate(config.costPerWindow, config.windowSeconds);
    this.administratorRate = principalRate(config.costPerWindow * ADMINISTRATOR_FACTOR, config.windowSeconds);
    this.anonymousRate = addressRate(config.anonymousCostPerWindow, config.windowSeconds);
  }

  /**
   * Goes in front of the body parser: a principal this process already knows to be over budget
   * is refused before its body is read as JSON or GraphQL, which is what keeps a flood cheap.
   */
  readonly middleware: RequestHandler = (req, res, next) => {
    this.ticketFor(req)
      .then((ticket) => {
        const waitMs = this.refusingFor(ticket);
        if (waitMs > 0) {
          // Held a moment first: a script looping on one connection then costs one cheap refusal a
          // second instead of thousands; a client that honours Retry-After waits longer anyway.
          setTimeout(() => this.refuse(res, this.refusingFor(ticket)), Math.min(REFUSAL_DELAY_MS, waitMs));
          return;
        }
        (res as WithTicket)[TICKET] = ticket;
        ticket.bodyBytes = declaredBodyBytes(req, this.maxBodyBytes);
        res.once('close', () => {
          // A body over the limit by its declared length is refused (413) without being read.
          if (res.statusCode === 413 && req.headers['content-length']) ticket.bodyBytes = 0;
          this.tickets.delete(ticket.requestId);
          // Refused before GraphQL saw it (body or credentials): fire and forget, the answer is out.
          void this.chargeRefusal(ticket);
        });
        next();
      })
      .catch(next);
  };

  private refusingFor(ticket: Ticket): number {
    return Math.max(this.budgets.refusingFor(ticket.key), ticket.proven ? 0 : this.budgets.refusingFor(ticket.addressKey));
  }

  private refuse(res: Response, waitMs: number): void {
    if (res.destroyed || res.headersSent) return;
    const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
    const body = JSON.stringify({ errors: [{ message: rateLimitedMessage(retryAfterSeconds), extensions: { code: ErrorCode.RATE_LIMITED, retryable: true, retryAfterSeconds } }] });
    // Written directly (no ETag, no express send): this answer is what a flood gets, thousands of times a second.
    res.writeHead(429, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), 'retry-after': String(retryAfterSeconds) });
    res.end(body);
  }

  /** The request's context was created, so its credentials are genuine: charge the principal from now on. */
  bind(res: Response, context: Context): void {
    const ticket = (res as WithTicket)[TICKET];
    if (!ticket) return;
    if (context.caller?.kind === 'apiKey' && !ticket.proven) {
      if (this.knownApiKeys.size >= KNOWN_API_KEYS_MAX) this.knownApiKeys.clear();
      this.knownApiKeys.add(ticket.key);
    }
    // Administrators page through whole agencies (people, reports): a larger budget, known only
    // once the caller is loaded; their refusals before this point were charged at the person's rate.
    if (context.caller?.kind === 'user' && context.caller.roles.includes(Role.ADMIN)) ticket.rate = this.administratorRate;
    ticket.proven = true;
    ticket.requestId = context.requestId;
    this.tickets.set(context.requestId, ticket);
  }

  /**
   * Requests GraphQL refused before running (unparsable, invalid, too complex) are charged before
   * their answer leaves, so a client looping on refusals is stopped at its next request.
   */
  readonly plugin: ApolloServerPlugin = {
    requestDidStart: async () => ({
      didEncounterErrors: async ({ contextValue }) => {
        const ticket = this.tickets.get((contextValue as Partial<Context>).requestId ?? '');
        if (ticket) await this.chargeRefusal(ticket);
      },
      willSendResponse: async ({ contextValue, response }) => {
        const ticket = this.tickets.get((contextValue as Partial<Context>).requestId ?? '');
        if (!ticket?.estimatedCost || response.body.kind !== 'single') return;
        // The estimate prices `first: 100` as a hundred items even when there are three: what the
        // answer did not hold goes back, so a client pays for the data it got, not for its page size.
        const refund = ticket.estimatedCost - Math.max(1, answeredCost(response.body.singleResult.data));
        ticket.estimatedCost = undefined;
        if (refund > 0) this.budgets.refund(ticket.key, refund, ticket.rate);
      },
    }),
  };

  private async chargeRefusal(ticket: Ticket): Promise<void> {
    if (ticket.charged) return;
    ticket.charged = true;
    await this.budgets.charge(ticket.proven ? ticket.key : ticket.addressKey, refusedRequestCost(ticket.bodyBytes), ticket.proven ? ticket.rate : this.anonymousRate);
  }

  /** Charges an operation its computed cost before it executes; refuses it when the budget is spent. */
  readonly chargeOperation = async (cost: number, contextValue: object): Promise<void> => {
    const ticket = this.tickets.get((contextValue as Context).requestId);
    if (!ticket) return;
    ticket.charged = true;
    const verdict = await this.budgets.charge(ticket.key, Math.max(1, cost), ticket.rate);
    if (verdict.ok) {
      ticket.estimatedCost = Math.max(1, cost);
      return;
    }
    const { retryAfterSeconds } = verdict;
    throw appError(ErrorCode.RATE_LIMITED, rateLimitedMessage(retryAfterSeconds), {
      retryable: true,
      retryAfterSeconds,
      http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
    });
  };

  /**
   * Tokens seen recently, verified once: a flood repeats one token thousands of times, and each
   * verification (HMAC, JSON, promises) would cost more than the refusal itself. Only the budget's
   * key comes from here; authentication still verifies every token in full.
   */
  private readonly verifiedTokens = new Map<string, { userId: string; expiresAt: number }>();

  private async userOfToken(token: string): Promise<string | undefined> {
    const cached = this.verifiedTokens.get(token);
    if (cached && cached.expiresAt > Date.now()) return cached.userId;
    const claims = await this.accessTokens.verify(token);
    if (!claims) return undefined;
    if (this.verifiedTokens.size >= VERIFIED_TOKENS_MAX) this.verifiedTokens.clear();
    // A minute at most: an expired token may name its person that much longer, which only charges that person.
    this.verifiedTokens.set(token, { userId: claims.userId, expiresAt: Date.now() + 60_000 });
    return claims.userId;
  }

  private async ticketFor(req: Request): Promise<Ticket> {
    const addressKey = `address:${addressOf(req.ip ?? req.socket.remoteAddress ?? 'unknown')}`;
    const anonymous: Ticket = { key: addressKey, rate: this.anonymousRate, addressKey, proven: true, charged: false, requestId: '', bodyBytes: 0 };
    const [scheme, credential, ...rest] = (req.header('authorization') ?? '').trim().split(/\s+/);
    if (!credential || rest.length) return anonymous;
    if (scheme.toLowerCase() === 'bearer') {
      // The signature alone names the person (no database); a forged or expired token is the address's.
      const userId = await this.userOfToken(credential);
      return userId ? { ...anonymous, key: `user:${userId}`, rate: this.principalRate } : anonymous;
    }
    if (scheme.toLowerCase() === 'apikey') {
      // Keyed by a hash of the whole key, never its public prefix: only its holder can spend its budget.
      // Salted, so the stored key differs from api_keys.secret_hash.
      const key = `apiKey:${sha256Hex(`query-budget:${credential}`).slice(0, 32)}`;
      return { ...anonymous, key, rate: this.principalRate, proven: this.knownApiKeys.has(key) };
    }
    return anonymous;
  }
}

/** BKPSDM administrators read agency-wide lists and reports; four times a person's budget. */
const ADMINISTRATOR_FACTOR = 4;

/**
 * The budget per window, refilled continuously. A person or API key may spend a quarter of it at
 * once, and at least one query at the cost limit (any query the API takes must be affordable):
 * with the defaults, a whole phone session's screens (each 50–300) but one maximal query, so a
 * few signed-in attackers cannot spend a minute's worth of costly queries in the first second,
 * which is what raised everyone else's latency. Once spent, only what trickles back.
 */
function principalRate(costPerWindow: number, windowSeconds: number): BudgetRate {
  return { perSecond: costPerWindow / windowSeconds, burst: Math.max(costPerWindow / 4, Math.min(costPerWindow, QUERY_LIMITS.maxCost)) };
}

/** An address may spend half at once: honest anonymous traffic (logins, certificate checks) is small. */
function addressRate(costPerWindow: number, windowSeconds: number): BudgetRate {
  return { perSecond: costPerWindow / windowSeconds, burst: costPerWindow / 2 };
}

/**
 * What an answer cost, counted as the estimate counts: one per field answered, a list's fields
 * once per item. Iterative, since an answer may be deep.
 */
export function answeredCost(data: unknown): number {
  // It runs on every answer, and a catalogue page holds thousands of fields: a stack of objects
  // only (scalars are counted where they stand), no spread and no Object.values copies. A stack,
  // not recursion, so no answer's depth can overflow it.
  let fields = 0;
  const pending: unknown[] = [data];
  while (pending.length) {
    const value = pending.pop();
    if (Array.isArray(value)) {
      for (const item of value) if (item !== null && typeof item === 'object') pending.push(item);
    } else if (value !== null && typeof value === 'object') {
      // graphql-js builds result objects without a prototype: for…in sees exactly their own fields.
      for (const key in value) {
        fields += 1;
        const field = (value as Record<string, unknown>)[key];
        if (field !== null && typeof field === 'object') pending.push(field);
      }
    }
  }
  return fields;
}

/** A chunked body may be as large as allowed, never more is read; no length and no chunks: no body (a GET). */
function declaredBodyBytes(req: Request, maxBodyBytes: number): number {
  if (req.headers['content-length'] !== undefined) return Math.min(Number(req.headers['content-length']) || 0, maxBodyBytes);
  return req.headers['transfer-encoding'] ? maxBodyBytes : 0;
}

function rateLimitedMessage(retryAfterSeconds: number): string {
  return `Query budget spent for now; try again in ${retryAfterSeconds} seconds`;
}

/**
 * The address a budget belongs to: IPv4 as it is (IPv4-mapped IPv6 too), IPv6 by its /64, since
 * one subscriber usually holds a whole /64 and could otherwise take a new budget per address.
 */
export function addressOf(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!isIPv6(ip)) return ip;
  const [head, tail = ''] = ip.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = ip.includes('::') && tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups] : headGroups;
  return `${groups.slice(0, 4).map((group) => group.toLowerCase().replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
