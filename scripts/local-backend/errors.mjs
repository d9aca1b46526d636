// The API's error answers: an ApiError carries a kind (what went wrong), a message for people and
// optional fields (e.g. `reason`); `statusFor` picks the first status the operation documents.

const PREFERENCES = {
  bad: [400, 404, 403],        // malformed or refused input
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
  return list.find((s) => spec.documents(opId, s)) ?? list[0];
}
