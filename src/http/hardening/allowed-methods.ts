/**
 * Which methods a path answers to, for 405 answers: `DELETE /process-api/runtime/tasks` is
 * not "no such resource" (404) but "not with that method", and the `Allow` header tells the
 * client which ones work. Fed from Fastify's `onRoute` hook, so it knows every route.
 */
import type { RouteOptions } from 'fastify';

interface Pattern {
  readonly regex: RegExp;
  readonly methods: Set<string>;
}

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `/a/:id/b/*` -> `^/a/[^/]+/b/.*$` */
const toRegex = (url: string): RegExp => {
  const parts = url.split(/(:[A-Za-z0-9_]+|\*)/).map((part) => {
    if (part === '*') return '.*';
    if (part.startsWith(':')) return '[^/]+';
    return escapeRegex(part);
  });
  return new RegExp(`^${parts.join('')}$`);
};

export class AllowedMethods {
  readonly #patterns = new Map<string, Pattern>();

  readonly onRoute = (route: RouteOptions): void => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    let pattern = this.#patterns.get(route.url);
    if (!pattern) {
      pattern = { regex: toRegex(route.url), methods: new Set() };
      this.#patterns.set(route.url, pattern);
    }
    for (const method of methods) pattern.methods.add(method.toUpperCase());
  };

  /** The methods some route accepts on this path (no query string); empty when none matches. */
  of(path: string): string[] {
    const found = new Set<string>();
    for (const { regex, methods } of this.#patterns.values()) {
      if (regex.test(path)) for (const method of methods) found.add(method);
    }
    return [...found].sort();
  }
}
