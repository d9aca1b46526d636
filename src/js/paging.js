// `for await` support for the SDK's page iterators (`client.paginate.<operationId>(...)`):
// an async iterator's `[Symbol.asyncIterator]()` returns the iterator itself. Installed once
// on the prototype of the wasm-bindgen class; no eval, so it works under a strict CSP.
export function asyncIterable(iterator) {
  const proto = Object.getPrototypeOf(iterator);
  if (proto && !Object.prototype.hasOwnProperty.call(proto, Symbol.asyncIterator)) {
    Object.defineProperty(proto, Symbol.asyncIterator, {
      value: function asyncIterator() {
        return this;
      },
      configurable: true,
      writable: true,
    });
  }
  return iterator;
}
