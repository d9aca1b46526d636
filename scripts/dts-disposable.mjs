// scripts/dts-disposable.mjs: used by scripts/package.mjs on wasm-bindgen's .d.ts.
//
// wasm-bindgen declares `[Symbol.dispose](): void;` in every exported class, and `Symbol.dispose`
// is typed only with lib `esnext.disposable` (or `esnext`): a strict app on `es2022` + `dom` with
// `skipLibCheck: false` fails inside this package. The member moves to an interface merged with
// the class, keyed by `Symbol.dispose` only where the app's lib declares it: `using client = ...`
// type-checks where the lib has it, and nothing unknown is named where it does not. (The glue
// sets the method only when the runtime has `Symbol.dispose`, so the types match either way.)
const DISPOSE_MEMBER = /^[ \t]*\[Symbol\.dispose\]\(\): void;[ \t]*\n/m;
const DISPOSE_TYPES = `
/** \`typeof Symbol.dispose\` where the app's TypeScript lib declares it (esnext.disposable), else \`never\`. */
type DisposeSymbolWhereTyped = SymbolConstructor extends { readonly dispose: infer K extends symbol } ? K : never;
/** \`[Symbol.dispose]()\` (the same as \`free()\`), declared only where the app's lib knows \`Symbol.dispose\`. */
type DisposableWhereTyped = { [K in DisposeSymbolWhereTyped]: () => void };
`;
export function disposableWhereTyped(text) {
  const classes = [];
  let out = '';
  let rest = text;
  for (let m; (m = /^export class (\w+)[^\n]*\{\n/m.exec(rest));) {
    const bodyStart = m.index + m[0].length;
    const bodyEnd = rest.indexOf('\n}\n', bodyStart);
    if (bodyEnd < 0) throw new Error(`class ${m[1]} has no closing brace at the start of a line`);
    let body = rest.slice(bodyStart, bodyEnd + 1);
    if (DISPOSE_MEMBER.test(body)) {
      body = body.replace(DISPOSE_MEMBER, '');
      classes.push(m[1]);
    }
    out += rest.slice(0, bodyStart) + body;
    rest = rest.slice(bodyEnd + 1);
  }
  out += rest;
  if (/\[Symbol\.dispose\]/.test(out.replace(DISPOSE_TYPES, ''))) throw new Error('a [Symbol.dispose] member outside a top-level class');
  if (classes.length === 0) return text; // nothing (left) to move: already done, or a newer wasm-bindgen
  return out + DISPOSE_TYPES + classes.map((c) => `export interface ${c} extends DisposableWhereTyped {}\n`).join('');
}
