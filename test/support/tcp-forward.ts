import net from 'node:net';

export interface TcpForward {
  host: string;
  port: number;
  /** Connections accepted so far. */
  connections(): number;
  /** Bytes passed back from the target to clients so far (answers; connections are kept alive). */
  answeredBytes(): number;
  /** HTTP requests clients sent through so far (request lines counted on the way in). */
  requests(): number;
  /** Holds the target's answers back (requests still go through), as a store that stalls; `resume` lets them go. */
  hold(): void;
  resume(): void;
  /**
   * Lets the next request that matches `pattern` reach the target, then cuts that connection as
   * soon as the target answers, so the client never reads the answer: a statement the server
   * carried out whose outcome the client cannot know. Resolves once cut.
   */
  cutAfterAnswerTo(pattern: RegExp): Promise<void>;
  close(): Promise<void>;
}

/**
 * A published port: listens on `host` (another loopback address such as 127.0.0.2, standing for
 * the address phones use) and passes bytes to `target` untouched, Host header included, as
 * Docker's port publishing or a TCP load balancer does. Closing it cuts every connection, as a
 * network fault or a restarting server would; `port` opens it again where it was.
 */
export async function forwardTcp(host: string, target: { host: string; port: number }, port = 0): Promise<TcpForward> {
  let accepted = 0;
  let answered = 0;
  let requestLines = 0;
  let held = false;
  let cut: { pattern: RegExp; done: () => void } | undefined;
  const releases = new Set<() => void>();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    accepted += 1;
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk: Buffer) => (requestLines += chunk.toString('latin1').match(/ HTTP\/1\.1\r\n/g)?.length ?? 0));
    // Before the pipe's own listener: the connection is marked before the request goes on.
    let cutOnAnswer: (() => void) | undefined;
    client.on('data', (chunk: Buffer) => {
      if (cut && cut.pattern.test(chunk.toString('latin1'))) {
        cutOnAnswer = cut.done;
        cut = undefined;
      }
    });
    // Answers are passed by hand, not piped: a pipe resumes its source whenever the client
    // drains, which would let answers slip through a hold.
    const waiting: Buffer[] = [];
    let ended = false;
    const release = () => {
      for (const chunk of waiting.splice(0)) client.write(chunk);
      if (ended) client.end();
    };
    releases.add(release);
    upstream.on('close', () => releases.delete(release));
    upstream.on('data', (chunk: Buffer) => {
      if (cutOnAnswer) {
        client.destroy();
        upstream.destroy();
        cutOnAnswer();
        return;
      }
      answered += chunk.length;
      if (held) waiting.push(chunk);
      else client.write(chunk);
    });
    upstream.on('end', () => {
      ended = true;
      if (!held) release();
    });
    client.pipe(upstream);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    host,
    port: (server.address() as net.AddressInfo).port,
    connections: () => accepted,
    answeredBytes: () => answered,
    requests: () => requestLines,
    hold: () => {
      held = true;
    },
    resume: () => {
      held = false;
      for (const release of releases) release();
    },
    cutAfterAnswerTo: (pattern) =>
      new Promise<void>((resolve) => {
        cut = { pattern, done: resolve };
      }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
