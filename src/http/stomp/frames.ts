/**
 * STOMP 1.2 frames on the server side. No maintained STOMP server library exists for Node, so
 * Weir reads frames with the parser of `@stomp/stompjs` (the client library; the same code
 * reads frames from brokers) and writes them with its serialiser: escaping of header values,
 * `content-length`, NUL terminators and heart-beat EOLs are its, not Weir's.
 */
import { FrameImpl, Parser, type StompHeaders } from '@stomp/stompjs';
import { WeirError } from '../../errors.ts';

export interface InFrame {
  readonly command: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * Bytes a client may send toward one frame. A message's text is at most 10,000 characters
 * (`MAX_TEXT_LENGTH`, up to 40 kB in UTF-8), plus JSON and headers; past this the frame is
 * refused rather than buffered without bound.
 */
export const MAX_FRAME_BYTES = 64 * 1024;

/** Reads frames from the chunks a socket delivers, in order, bounding what it buffers. */
export class FrameReader {
  readonly #parser: Parser;
  #pendingBytes = 0;

  constructor(onFrame: (frame: InFrame) => void) {
    this.#parser = new Parser(
      (raw) => {
        this.#pendingBytes = 0;
        const frame = FrameImpl.fromRawFrame(raw, true);
        onFrame({ command: frame.command, headers: frame.headers, body: frame.body });
      },
      () => {
        // a heart-beat EOL: nothing to do, the socket's own pings watch the connection
      },
    );
  }

  push(chunk: Buffer): void {
    this.#pendingBytes += chunk.length;
    if (this.#pendingBytes > MAX_FRAME_BYTES)
      throw new WeirError('WEIR_BODY_TOO_LARGE', `A STOMP frame may have at most ${MAX_FRAME_BYTES} bytes`);
    this.#parser.parseChunk(
      chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.length) as ArrayBuffer,
    );
  }
}

/** One frame as text to send. */
export const frameText = (command: string, headers: StompHeaders, body = ''): string => {
  const out = FrameImpl.marshall({ command, headers, body, escapeHeaderValues: true });
  return typeof out === 'string' ? out : Buffer.from(out).toString('utf8');
};
