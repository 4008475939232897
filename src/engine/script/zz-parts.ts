import { newQuickJSWASMModule } from 'quickjs-emscripten';
import { SANDBOX_PRELUDE } from './sandbox-prelude.ts';
const mod = await newQuickJSWASMModule();
const small = '(function install(h){ globalThis.execution = { getVariable: function (n) { return h(n) } }; return function(){} })';
const minified = SANDBOX_PRELUDE.replace(/\n\s*\/\/.*$/gm, '').replace(/\s+/g, ' ');
const variants: Record<string, () => void> = {
  base: () => { const rt = mod.newRuntime(); const ctx = rt.newContext(); const r = ctx.evalCode('1+1') as any; r.value.dispose(); ctx.dispose(); rt.dispose(); },
  smallPrelude: () => { const rt = mod.newRuntime(); const ctx = rt.newContext(); const r = ctx.evalCode(small) as any; r.value.dispose(); ctx.dispose(); rt.dispose(); },
  prelude: () => { const rt = mod.newRuntime(); const ctx = rt.newContext(); const r = ctx.evalCode(SANDBOX_PRELUDE) as any; r.value.dispose(); ctx.dispose(); rt.dispose(); },
  minified: () => { const rt = mod.newRuntime(); const ctx = rt.newContext(); const r = ctx.evalCode(minified) as any; r.value.dispose(); ctx.dispose(); rt.dispose(); },
};
const totals: Record<string, number> = {};
for (let round = 0; round < 20; round++) for (const [k, fn] of Object.entries(variants)) { const t = performance.now(); for (let i = 0; i < 20; i++) fn(); totals[k] = (totals[k] ?? 0) + performance.now() - t; }
for (const [k, v] of Object.entries(totals)) console.log(k, (v / 400).toFixed(3), 'ms');
console.log(SANDBOX_PRELUDE.length, minified.length);
