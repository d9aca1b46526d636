// Unsigned big integers for src/cognito/bignum.rs: the browser's own BigInt, so the wasm needs no
// big-integer crate. Values cross as BigInt (opaque to Rust) or lower-case hex without prefix.
export const fromHex = (hex) => BigInt('0x' + (hex || '0'));
export const toHex = (v) => v.toString(16);
export const add = (a, b) => a + b;
export const sub = (a, b) => a - b;
export const mul = (a, b) => a * b;
export const rem = (a, b) => a % b;
export const isZero = (v) => v === 0n;

// base^exp mod m by square-and-multiply (m > 1; exp ≥ 0).
export function modPow(base, exp, m) {
  let result = 1n;
  base %= m;
  while (exp > 0n) {
    if (exp & 1n) result = (result * base) % m;
    exp >>= 1n;
    if (exp > 0n) base = (base * base) % m;
  }
  return result;
}
