/**
 * Absolute URLs in responses, built from the request the client sent. Behind a reverse
 * proxy the client's view is in `X-Forwarded-Proto`, `-Host` and `-Prefix`; those headers are
 * believed only when the TCP peer is one of `weir.trusted-proxies`, since anyone else could
 * send them to make Weir hand out links to a host of their choosing.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import type { FastifyRequest } from 'fastify';

export const trustedProxyList = (entries: readonly string[]): BlockList => {
  const list = new BlockList();
  for (const raw of entries) {
    const entry = raw.trim();
    if (!entry) continue;
    const [address, bits] = entry.split('/');
    const type = isIPv6(address) ? 'ipv6' : 'ipv4';
    if (!isIPv4(address) && !isIPv6(address)) continue;
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return list;
};

export const isTrusted = (list: BlockList, peer: string | undefined): boolean => {
  if (!peer) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(peer);
  const address = mapped ? mapped[1] : peer;
  return isIPv4(address) ? list.check(address, 'ipv4') : isIPv6(address) && list.check(address, 'ipv6');
};

const first = (value: string | string[] | undefined): string | undefined => {
  const text = Array.isArray(value) ? value[0] : value;
  const part = text?.split(',')[0].trim();
  return part ? part : undefined;
};

/** `http://host:port[/prefix]`, without a trailing slash. */
export const baseUrlOf = (request: FastifyRequest, trusted: BlockList): string => {
  let proto: string = request.protocol;
  let host = request.headers.host ?? 'localhost';
  let prefix = '';
  if (isTrusted(trusted, request.socket?.remoteAddress)) {
    const forwardedProto = first(request.headers['x-forwarded-proto']);
    if (forwardedProto === 'http' || forwardedProto === 'https') proto = forwardedProto;
    host = first(request.headers['x-forwarded-host']) ?? host;
    const forwardedPrefix = first(request.headers['x-forwarded-prefix']);
    if (forwardedPrefix && /^\/[A-Za-z0-9._~!$&'()*+,;=:@/%-]*$/.test(forwardedPrefix)) {
      prefix = forwardedPrefix.replace(/\/+$/, '');
    }
  }
  return `${proto}://${host}${prefix}`;
};

/** `link(base, 'process-api/runtime/tasks/%s', id)`: each `%s` takes the next id, URL-encoded. */
export const link = (base: string, template: string, ...ids: readonly string[]): string => {
  let next = 0;
  return `${base}/${template.replace(/%s/g, () => encodeURIComponent(ids[next++] ?? ''))}`;
};
