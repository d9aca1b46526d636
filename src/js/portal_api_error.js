// The error every failed call rejects with. A real `Error` subclass, so `instanceof`,
// stack traces and error trackers work; shaped like an axios error (`response`) so
// existing catch blocks keep working. It never holds request headers or tokens.
export class PortalApiError extends Error {
  constructor(code, message, operation, status, response) {
    super(message);
    this.name = 'PortalApiError';
    this.code = code;
    this.operation = operation;
    this.status = status;
    this.response = response;
  }

  toJSON() {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      operation: this.operation,
      status: this.status,
      response: this.response,
    };
  }
}

export function createPortalApiError(code, message, operation, status, response) {
  return new PortalApiError(code, message, operation, status, response);
}
