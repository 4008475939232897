/**
 * The QuickJS WebAssembly module, compiled once (~20 ms) and shared: each run creates only
 * a runtime and a context in it, which costs well under a millisecond.
 *
 * A module is thrown away when a host-level exception escaped from inside it. The one we
 * know of is V8's own "Maximum call stack size exceeded": QuickJS bounds the WebAssembly
 * shadow stack, but the same calls use V8's native stack, which some call paths exhaust
 * first. That exception unwinds WebAssembly frames without their cleanup, leaving the
 * module's memory and stack pointer in a state no later run may trust.
 */
import { newQuickJSWASMModule } from 'quickjs-emscripten';
import type { QuickJSWASMModule } from 'quickjs-emscripten';

let loading: Promise<QuickJSWASMModule> | undefined;
let loaded: QuickJSWASMModule | undefined;

export const loadQuickJS = (): Promise<QuickJSWASMModule> => {
  if (loading) return loading;
  const attempt = newQuickJSWASMModule().then((module) => {
    if (loading === attempt) loaded = module;
    return module;
  });
  loading = attempt;
  // A failed load is not cached: the next run tries again.
  attempt.catch(() => {
    if (loading === attempt) loading = undefined;
  });
  return attempt;
};

/** Forget a module that can no longer be trusted; the next run compiles a fresh one. */
export const discardQuickJS = (module: QuickJSWASMModule): void => {
  if (loaded !== module) return;
  loaded = undefined;
  loading = undefined;
};
