import type { FactoryFunction } from 'mathjs';

// Factories mathjs exports (lib/esm/factoriesAny.js) without declaring them in its types; the
// parser's own instance is built from them (expression.ts).
declare module 'mathjs' {
  export const createTyped: FactoryFunction<unknown>;
  export const createNumber: FactoryFunction<unknown>;
  export const createNumeric: FactoryFunction<unknown>;
  export const createIsBounded: FactoryFunction<unknown>;
  export const createResultSet: FactoryFunction<unknown>;
  export const createNode: FactoryFunction<unknown>;
  export const createAccessorNode: FactoryFunction<unknown>;
  export const createArrayNode: FactoryFunction<unknown>;
  export const createAssignmentNode: FactoryFunction<unknown>;
  export const createBlockNode: FactoryFunction<unknown>;
  export const createConditionalNode: FactoryFunction<unknown>;
  export const createConstantNode: FactoryFunction<unknown>;
  export const createFunctionAssignmentNode: FactoryFunction<unknown>;
  export const createFunctionNode: FactoryFunction<unknown>;
  export const createIndexNode: FactoryFunction<unknown>;
  export const createObjectNode: FactoryFunction<unknown>;
  export const createOperatorNode: FactoryFunction<unknown>;
  export const createParenthesisNode: FactoryFunction<unknown>;
  export const createRangeNode: FactoryFunction<unknown>;
  export const createRelationalNode: FactoryFunction<unknown>;
  export const createSymbolNode: FactoryFunction<unknown>;
  export const createParse: FactoryFunction<unknown>;
  /** mathjs's own factory maker: a named factory with its dependencies. */
  export function factory<T>(name: string, dependencies: readonly string[], create: () => T): FactoryFunction<T>;
}
