/** Bounds on what a user may type, shared by the spec schema and the expression parser. */
export const MAX_EXPRESSION_LENGTH = 10_000;
export const MAX_VARIABLES = 10;
