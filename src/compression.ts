import compression from 'compression';
import type { Request, RequestHandler, Response } from 'express';

/** Below this, compressing saves less than the headers it adds, and costs CPU on both ends. */
export const COMPRESSION_THRESHOLD_BYTES = 1024;

/** Answers that must reach the client as they are written, never held back in a compressor's buffer. */
const STREAMED = /^(text\/event-stream|multipart\/mixed)\b/i;

/**
 * Brotli (quality 4: most of its gain at gzip's speed) or gzip for answers of 1 KB and more, as the
 * client's Accept-Encoding allows; identity otherwise. A GraphQL answer is repetitive JSON (field
 * names once per item), which is where a phone on a slow or metered link gains the most.
 * Mounted after the throttle: its refusals (429 with Retry-After) are written before this runs.
 */
export function responseCompression(): RequestHandler {
  return compression({
    threshold: COMPRESSION_THRESHOLD_BYTES,
    filter: (req: Request, res: Response) => {
      const type = String(res.getHeader('content-type') ?? '');
      if (STREAMED.test(type)) return false;
      return compression.filter(req, res);
    },
  });
}
