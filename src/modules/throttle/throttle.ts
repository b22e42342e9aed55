import { isIPv6 } from 'node:net';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { ThrottleConfig } from '../../config';
import type { Context } from '../../context';
import { appError, ErrorCode } from '../../errors';
import type { AccessTokens } from '../auth/tokens';
import { sha256Hex } from '../auth/tokens';
import { QueryBudgets } from './query-budgets';

/**
 * What a request that never reached a computed cost is charged (unparsable, invalid, too complex,
 * refused credentials): parsing and validating it cost the server as much as a small query, and a
 * client flooding refusals must run out of budget like one flooding queries.
 */
export const REFUSED_REQUEST_COST = 50;

/** Keys of API keys this process saw authenticate, bounded so a flood of invented keys cannot grow it. */
const KNOWN_API_KEYS_MAX = 10_000;

/** Whom a request is charged to, decided from its headers alone (before the body is read). */
interface Ticket {
  key: string;
  limit: number;
  /** Requests whose credentials prove nothing yet are also held to, and charged to, their address. */
  addressKey: string;
  proven: boolean;
  /** The operation's cost was charged (else a refusal is charged when the response ends). */
  charged: boolean;
  /** Set once the request's context exists. */
  requestId: string;
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

  constructor(
    orm: MikroORM,
    private readonly accessTokens: AccessTokens,
    private readonly config: ThrottleConfig,
    logger: Logger,
  ) {
    this.budgets = new QueryBudgets(orm, config.windowSeconds, logger);
  }

  /**
   * Goes in front of the body parser: a principal this process already knows to be over budget
   * is refused before its body is read as JSON or GraphQL, which is what keeps a flood cheap.
   */
  readonly middleware: RequestHandler = (req, res, next) => {
    this.ticketFor(req)
      .then((ticket) => {
        const waitMs = Math.max(this.budgets.exhaustedFor(ticket.key), ticket.proven ? 0 : this.budgets.exhaustedFor(ticket.addressKey));
        if (waitMs > 0) {
          const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
          res.status(429).setHeader('retry-after', String(retryAfterSeconds));
          res.json({ errors: [{ message: rateLimitedMessage(retryAfterSeconds), extensions: { code: ErrorCode.RATE_LIMITED, retryable: true, retryAfterSeconds } }] });
          return;
        }
        (res as WithTicket)[TICKET] = ticket;
        res.once('close', () => {
          this.tickets.delete(ticket.requestId);
          if (ticket.charged) return;
          // Fire and forget: the answer is out; the charge only decides the next request's fate.
          void this.budgets.charge(ticket.proven ? ticket.key : ticket.addressKey, REFUSED_REQUEST_COST, ticket.proven ? ticket.limit : this.config.anonymousCostPerWindow);
        });
        next();
      })
      .catch(next);
  };

  /** The request's context was created, so its credentials are genuine: charge the principal from now on. */
  bind(res: Response, context: Context): void {
    const ticket = (res as WithTicket)[TICKET];
    if (!ticket) return;
    if (context.caller?.kind === 'apiKey' && !ticket.proven) {
      if (this.knownApiKeys.size >= KNOWN_API_KEYS_MAX) this.knownApiKeys.clear();
      this.knownApiKeys.add(ticket.key);
    }
    ticket.proven = true;
    ticket.requestId = context.requestId;
    this.tickets.set(context.requestId, ticket);
  }

  /** Charges an operation its computed cost before it executes; refuses it when the budget is spent. */
  readonly chargeOperation = async (cost: number, contextValue: object): Promise<void> => {
    const ticket = this.tickets.get((contextValue as Context).requestId);
    if (!ticket) return;
    ticket.charged = true;
    const verdict = await this.budgets.charge(ticket.key, Math.max(1, cost), ticket.limit);
    if (verdict.ok) return;
    const { retryAfterSeconds } = verdict;
    throw appError(ErrorCode.RATE_LIMITED, rateLimitedMessage(retryAfterSeconds), {
      retryable: true,
      retryAfterSeconds,
      http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
    });
  };

  private async ticketFor(req: Request): Promise<Ticket> {
    const addressKey = `address:${addressOf(req.ip ?? req.socket.remoteAddress ?? 'unknown')}`;
    const anonymous: Ticket = { key: addressKey, limit: this.config.anonymousCostPerWindow, addressKey, proven: true, charged: false, requestId: '' };
    const [scheme, credential, ...rest] = (req.header('authorization') ?? '').trim().split(/\s+/);
    if (!credential || rest.length) return anonymous;
    if (scheme.toLowerCase() === 'bearer') {
      // The signature alone names the person (cheap, no database); a forged or expired token is the address's.
      const claims = await this.accessTokens.verify(credential);
      return claims ? { ...anonymous, key: `user:${claims.userId}`, limit: this.config.costPerWindow } : anonymous;
    }
    if (scheme.toLowerCase() === 'apikey') {
      // Keyed by a hash of the whole key, never its public prefix: only its holder can spend its budget.
      // Salted, so the stored key differs from api_keys.secret_hash.
      const key = `apiKey:${sha256Hex(`query-budget:${credential}`).slice(0, 32)}`;
      return { ...anonymous, key, limit: this.config.costPerWindow, proven: this.knownApiKeys.has(key) };
    }
    return anonymous;
  }
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
