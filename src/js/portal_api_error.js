// The error every failed call rejects with. A real `Error` subclass, so `instanceof`,
// stack traces and error trackers work; shaped like an axios error (`response`) so
// existing catch blocks keep working. It never holds request headers or tokens.
export class PortalApiError extends Error {
  constructor(code, message, operation, status, response, fromPayload) {
    super(message);
    this.name = 'PortalApiError';
    this.code = code;
    this.operation = operation;
    this.status = status;
    this.response = response;
    if (fromPayload) this.fromPayload = true;
  }

  toJSON() {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      operation: this.operation,
      status: this.status,
      response: this.response,
      fromPayload: this.fromPayload,
    };
  }
}

export function createPortalApiError(code, message, operation, status, response, fromPayload) {
  return new PortalApiError(code, message, operation, status, response, fromPayload);
}
