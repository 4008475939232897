/**
 * Clients that misbehave on purpose, over real sockets: a 1 GB multipart upload generated as
 * it is sent, and a client that trickles its request a byte at a time.
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { Readable } from 'node:stream';

const MB = 1024 * 1024;

/** 100 files of 10 MB in one multipart body, made as it is sent: never held in memory. */
const gigabyteOfParts = (boundary: string): Readable => {
  const block = Buffer.alloc(64 * 1024, 'x');
  async function* parts() {
    for (let file = 0; file < 100; file++) {
      yield Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big-${file}.bpmn20.xml"\r\n` +
          'Content-Type: text/xml\r\n\r\n',
      );
      for (let sent = 0; sent < 10 * MB; sent += block.length) yield block;
      yield Buffer.from('\r\n');
    }
    yield Buffer.from(`--${boundary}--\r\n`);
  }
  return Readable.from(parts(), { objectMode: false });
};

export interface UploadOutcome {
  status: number;
  body: string;
  answeredAfterMs: number;
  /** Bytes the client got out before the server closed the connection (or the upload ended). */
  bytesSent: number;
  maxRssGrowth: number;
}

/** Streams a chunked 1 GB upload to the deployments route and samples the server's RSS meanwhile. */
export const uploadGigabyte = (
  port: number,
  authorization: string,
  /** Resident memory of the process that serves the upload. */
  rss: () => number,
): Promise<UploadOutcome> =>
  new Promise((resolve, reject) => {
    const boundary = '----weirGigabyte';
    const rssBefore = rss();
    let maxRss = rssBefore;
    const sampler = setInterval(() => (maxRss = Math.max(maxRss, rss())), 20);
    const started = performance.now();
    let status = 0;
    let answeredAfterMs = 0;
    let body = '';
    const request = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/process-api/repository/deployments',
      headers: {
        authorization,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'transfer-encoding': 'chunked',
      },
    });
    const source = gigabyteOfParts(boundary);
    const finish = () => {
      clearInterval(sampler);
      source.destroy();
      resolve({
        status,
        body,
        answeredAfterMs,
        bytesSent: request.socket?.bytesWritten ?? 0,
        maxRssGrowth: maxRss - rssBefore,
      });
    };
    request.on('response', (response) => {
      status = response.statusCode ?? 0;
      answeredAfterMs = performance.now() - started;
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => setTimeout(finish, 200));
    });
    // the server closing the connection mid-upload is what we expect once it has answered
    request.on('error', (error) => (status ? setTimeout(finish, 200) : reject(error)));
    source.pipe(request);
  });

/** Sends `head` then one byte of `trickle` every 100 ms; resolves with what the server said and when it closed. */
export const slowClient = (port: number, head: string, trickle: string) =>
  new Promise<{ closedAfterMs: number; answer: string }>((resolve) => {
    const started = performance.now();
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < trickle.length && !socket.destroyed) socket.write(trickle[sent++]);
    }, 100);
    socket.on('connect', () => socket.write(head));
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ closedAfterMs: performance.now() - started, answer });
    });
  });
