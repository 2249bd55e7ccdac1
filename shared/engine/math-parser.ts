import {
  create,
  createAccessorNode,
  createArrayNode,
  createAssignmentNode,
  createBlockNode,
  createConditionalNode,
  createConstantNode,
  createFunctionAssignmentNode,
  createFunctionNode,
  createIndexNode,
  createIsBounded,
  createNode,
  createNumber,
  createNumeric,
  createObjectNode,
  createOperatorNode,
  createParenthesisNode,
  createParse,
  createRangeNode,
  createRelationalNode,
  createResultSet,
  createSymbolNode,
  createTyped,
  factory,
  type FactoryFunction,
  type MathNode,
} from 'mathjs';

/** A function that nodes name for evaluating, which this instance never does: there is none. */
const absent = (name: string): FactoryFunction<() => never> =>
  factory(name, [], () => () => {
    throw new Error(`${name} is not available: this mathjs instance only parses`);
  });

/**
 * A private mathjs instance that has only the parser. User text is parsed, never evaluated by
 * mathjs: `import`, `evaluate`, `createUnit` and the other risky functions do not exist here, and
 * the tree is converted into our own closed IR before anything else looks at it.
 *
 * It is built from the parser's own factories and no more: `parseDependencies` also brings the
 * matrices, units and fractions that indexing and evaluation would need, whose typed functions
 * cost a quarter of a second on the first parse (the CLI's and the worker's start-up). The trees
 * and the errors are the same (math-parser.test.ts compares them with a full instance's).
 */
const parser = create(
  {
    createTyped,
    createNumber,
    createNumeric,
    createIsBounded,
    createResultSet,
    createNode,
    createAccessorNode,
    createArrayNode,
    createAssignmentNode,
    createBlockNode,
    createConditionalNode,
    createConstantNode,
    createFunctionAssignmentNode,
    createFunctionNode,
    createIndexNode,
    createObjectNode,
    createOperatorNode,
    createParenthesisNode,
    createRangeNode,
    createRelationalNode,
    createSymbolNode,
    createParse,
    // Accessor and index nodes name these for evaluation only.
    subset: absent('subset'),
    size: absent('size'),
  },
  { number: 'number' },
);

/** mathjs's tree of `text` (its own syntax errors thrown as they are). */
export function parseMath(text: string): MathNode {
  return parser.parse(text);
}
