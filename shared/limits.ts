/** Bounds on what a user may type, shared by the spec schema and the expression parser. */
export const MAX_EXPRESSION_LENGTH = 10_000;
export const MAX_VARIABLES = 10;

/** The largest session a dropped file's content may be (openSessionText). */
export const MAX_SESSION_TEXT = 200 * 1024 * 1024;
