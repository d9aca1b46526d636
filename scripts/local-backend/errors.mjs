// Answers other than a plain 200. An ApiError carries a kind (what went wrong), a message for
// people and optional fields (e.g. `reason`); `statusFor` picks the first status of the kind's
// list that the operation documents (the last one when it documents none of them). A Reply is a
// success with another status (201, 202, 204).

// A malformed request is a 400 even where an operation documents none (as the API's gateway
// answers); a path parameter that cannot name anything is a 404 where that is documented.
const PREFERENCES = {
  bad: [400],                  // malformed or refused input
  badPath: [404, 400],         // a path parameter that is not even well-formed
  missing: [404, 403, 400],    // not found, or another customer's entity (never says which)
  conflict: [409, 400],        // the entity is not in a state that allows this
  unauthorized: [401],
};

export class ApiError extends Error {
  constructor(kind, message, fields = {}) {
    super(message);
    this.kind = kind;
    this.fields = fields;
  }
}

export const bad = (message, fields) => new ApiError('bad', message, fields);
export const missing = (message) => new ApiError('missing', message);
export const conflict = (message) => new ApiError('conflict', message);
export const unauthorized = (message) => new ApiError('unauthorized', message);

/** The status an operation answers an ApiError with: the first documented of the kind's list. */
export function statusFor(spec, opId, kind) {
  const list = PREFERENCES[kind] ?? [400];
  return list.find((s) => spec.documents(opId, s)) ?? list[list.length - 1];
}

/** A handler's answer with another status than 200 (`reply(204)`, `reply(201, body)`). */
export class Reply {
  constructor(status, body) {
    this.status = status;
    this.body = body;
  }
}
export const reply = (status, body) => new Reply(status, body);
