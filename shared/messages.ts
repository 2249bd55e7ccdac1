/**
 * Every sentence that shared/ and main/ have for a user, in English, by code. Errors and run
 * reasons travel as `{ code, params }`; the window looks the code up in its own catalogue (so it
 * reads in the user's language), the CLI and logs use these templates. Placeholders are vue-i18n's:
 * `{name}` for a parameter and `{'|'}` for a literal character the catalogue syntax reserves.
 */
export const MESSAGES = {
  atColumn: '{message} (column {column})',
  andMore: '{message} (and {count} more)',
  /** The system's reasons a file could not be read or written, in words (ENOENT is not one). */
  errno: {
    ENOENT: 'no such file',
    EACCES: 'permission denied',
    EPERM: 'not permitted',
    EISDIR: 'it is a folder',
    ENOTDIR: 'a part of the path is not a folder',
    ENOSPC: 'the disk is full',
    EROFS: 'the disk is read-only',
    EBUSY: 'the file is in use',
    EEXIST: 'it already exists',
    ENAMETOOLONG: 'the name is too long',
    EMFILE: 'too many files are open',
  },
  expression: {
    notText: 'The function must be text',
    tooLong: 'The function is {length} characters long; at most {max} are allowed',
    empty: 'Type a function, for example x^2 + y^2',
    tooDeep: 'The expression is nested more than {max} levels deep',
    tooManyTerms: 'A sum or product may have at most {max} terms; this one has {count}',
    unexpectedEnd: 'The function ends too soon: something is missing after the last operator',
    valueExpected: 'A number, variable or parenthesis is missing here',
    unexpectedOperator: 'Unexpected operator {op}',
    parenthesisExpected: 'A closing {paren} is missing',
    syntax: 'Syntax error: {detail}',
    unreadable: 'The expression could not be read',
    textString: 'Text strings are not allowed in a function',
    notNumber: 'The value {value} is not a number',
    functionAsVariable: '{name} is a function: call it as {name}(…)',
    badName: '"{name}" is not a valid variable name: use letters, digits and _',
    operator: 'The operator "{op}" is not allowed: use + - * / ^ and parentheses',
    unnamedCall: 'Only named functions can be called',
    unknownFunction: 'The function {name}(…) is not available; allowed: {allowed}',
    arityOne: '{name}(…) takes 1 argument, got {count}',
    arity: '{name}(…) takes {expected} arguments, got {count}',
    tooManyVariables: 'The function has {count} variables; at most {max} are supported',
    construct: {
      AccessorNode: 'Property or index access is not allowed in a function',
      ArrayNode: 'A matrix or list is not allowed in a function',
      AssignmentNode: 'An assignment is not allowed in a function',
      BlockNode: 'More than one statement is not allowed in a function',
      ConditionalNode: 'A conditional (? :) is not allowed in a function',
      FunctionAssignmentNode: 'A function definition is not allowed in a function',
      IndexNode: 'An index is not allowed in a function',
      ObjectNode: 'An object is not allowed in a function',
      RangeNode: 'A range (:) is not allowed in a function',
      RelationalNode: 'A comparison is not allowed in a function',
      other: 'The construct {type} is not allowed in a function',
    },
  },
  field: {
    required: '{field} is required',
    notNumber: '{field} must be a number, got {got}',
    notInteger: '{field} must be a whole number, got {got}',
    notBoolean: '{field} must be true or false, got {got}',
    notText: '{field} must be text, got {got}',
    notList: '{field} must be a list, got {got}',
    notObject: '{field} is missing or not an object',
    greaterThan: '{field} must be > {bound}, got {got}',
    atLeast: '{field} must be ≥ {bound}, got {got}',
    lessThan: '{field} must be < {bound}, got {got}',
    atMost: '{field} must be ≤ {bound}, got {got}',
    tooFew: '{field} needs at least {min} entries',
    tooMany: '{field} has more than {max} entries',
    tooLong: '{field} is longer than {max} characters',
    empty: '{field} is empty',
    oneOf: '{field} must be one of {options}, got {got}',
    unknownKeys: 'Unknown fields: {keys}',
    invalid: '{field} is not valid',
  },
  spec: {
    nesterov: 'Nesterov momentum requires momentum > 0 and dampening = 0',
    pathNotAbsolute: 'The file path must be absolute',
    pathNul: 'The file path contains a NUL character',
    notBase64: 'The image must be base64',
  },
  run: {
    noVariables: 'The function has no variables to optimise: use x, y, …',
    startMismatch: 'The start point needs one coordinate per variable ({names}); it has {count}',
    unknown: 'There is no run with id {id}',
    nameTaken: 'Another run in this session is already called {name}',
    cancelled: 'Cancelled',
    stoppedAt: 'stopped at step {step}',
    undefinedAtStart: 'The function is not defined at the start point (f = {value}): choose another start',
    nothingToExport: '{name} has no recorded steps to export',
    interruptedAt: 'the app stopped; the steps recorded up to {step} are kept',
    maxSteps: 'Reached the step limit ({steps})',
    exceeded: "{'|'}{name}{'|'} exceeded 1e12 at step {step}",
    variableBecame: '{name} became {value} at step {step}',
    valueBecame: 'f became {value} at step {step}',
    gradientBecame: 'the gradient became {value} at step {step}',
    gradientSmall: '‖∇f‖ = {norm} fell below {tol}',
    changeSmall: "{'|'}Δf{'|'} = {change} fell below {tol}",
  },
  grid: {
    noVariables: 'The function has no variables to plot',
    sameAxes: 'Choose two different variables of the function as axes',
  },
  worker: {
    outOfMemory: 'The worker ran out of memory',
    stopped: 'The worker was stopped ({signal})',
    exited: 'The worker exited unexpectedly',
    crashed: 'The worker crashed (exit code {code})',
    threw: 'The worker crashed: {detail}',
    jobFailed: 'The job failed: {detail}',
    startTimeout: 'The worker did not start within {seconds} s',
    hung: 'The worker stopped responding for {seconds} s and was stopped',
    shutDown: 'The app is closing',
    unreachable: 'The worker could not be reached',
  },
  file: {
    extension: '{name}: the file name must end in {extension}',
    writeFailed: 'The file could not be written ({code})',
    needPath: 'Type the path of the .dlab file to save to',
    nothingToRevert: 'This session has not been saved to a file yet: there is nothing to revert to',
    notPng: 'The chart image is not a PNG',
    notJson: '{name} is not valid JSON (it may be truncated or corrupt)',
    cannotOpen: '{name} cannot be opened: {detail}',
    invalidSession: '{name} is not a valid session: {detail}',
    unreadable: '{name} could not be read ({code})',
    readOnly: '{name} is read-only here (written by a newer version): use Save As',
    noSessionObject: 'it does not contain a session object',
    notSession: 'this is not a Descent Lab session (format is not "descent-lab-session")',
    badVersion: 'its schemaVersion {version} is not a version number',
    noMigration: 'no migration from schema version {version}',
    notRestored: 'The previous session could not be restored: {detail}. It was kept beside the new one.',
    newerVersion:
      "{name} was written by a newer version of Descent Lab: it is open read-only. Use Save As to keep a copy in this version's format.",
    thisFile: 'This file',
    unexpected: 'an unexpected error ({detail})',
    tooLarge: '{name} is larger than {limit} MB, the most a session file may be',
    notChosen: '{name} was not chosen in a file dialog: use Open… or Save As…',
    outsideFolder: 'The web preview reads and writes files only inside {folder}',
    notRegular: '{name} is not a regular file (a folder, a device or a pipe)',
    notOnDisk: '{name} is not a file on this computer',
    notAbsolute: '{name} is not an absolute path on this system',
    notDescentLab: '{name} is not a Descent Lab session',
    newerDatabase: '{name} was written by a newer version of Descent Lab (schema {version}): update the app to open it',
    badDatabase: '{name} is damaged and cannot be opened ({detail}); it was not changed',
    tooDeep: '{name} is nested too deeply to be a session',
    duplicateRun: '{name} holds two runs with the id {id}',
    autosaveFailed:
      'Your latest changes could not be written to the working copy ({detail}): free some disk space, then save',
  },
  ipc: {
    unexpected: 'Something went wrong while handling {name}; the details are in the log',
    refused: 'The web preview refused this page: open the URL printed by npm run start:web',
    status: 'The web preview answered {status}',
    unreachable: 'The web preview is not reachable: is npm run start:web still running?',
    unknownMessage: 'Unknown message {name}',
    tooLarge: 'The request is larger than {limit} MiB',
    tooDeep: 'The request is nested too deeply to be one the app sends',
    notJson: 'The request is not valid JSON',
    untrusted: 'Refused: this page may not use the app',
  },
  form: {
    checking: 'Checking the function…',
    chooseOptimizer: 'Choose at least one optimizer to compare',
    compareInvalid: '{optimizer}: {detail}',
  },
} as const;

/** The names the `field` parameter stands for. `start` with an index is "start coordinate n". */
export const FIELDS = {
  expression: 'function',
  start: 'start point',
  startCoordinate: 'start coordinate {n}',
  startVariable: 'start {name}',
  optimizer: 'optimizer',
  lr: 'learning rate',
  momentum: 'momentum',
  dampening: 'dampening',
  nesterov: 'nesterov',
  weight_decay: 'weight_decay',
  betas: 'betas',
  beta1: 'beta1',
  beta2: 'beta2',
  eps: 'eps',
  amsgrad: 'amsgrad',
  alpha: 'alpha',
  centered: 'centered',
  lr_decay: 'lr_decay',
  initial_accumulator_value: 'initial_accumulator_value',
  rho: 'rho',
  momentum_decay: 'momentum_decay',
  c1: 'c1',
  shrink: 'shrink',
  gradient: 'gradient',
  method: 'gradient method',
  h: 'h',
  schedule: 'schedule',
  step_size: 'step_size',
  gamma: 'gamma',
  T_max: 'T_max',
  eta_min: 'eta_min',
  stop: 'stop rules',
  maxSteps: 'steps',
  tolGrad: 'gradient tolerance',
  tolF: 'f tolerance',
  name: 'name',
  notes: 'notes',
  path: 'file path',
  step: 'step',
  language: 'language',
} as const;

/** A translation: the same keys as English, any words. */
export type Catalogue<T> = { readonly [K in keyof T]: T[K] extends string ? string : Catalogue<T[K]> };

/** Every key of a catalogue, dotted: `run.maxSteps`. */
export type CatalogueKey<T> = {
  [K in keyof T & string]: T[K] extends string ? K : `${K}.${CatalogueKey<T[K]>}`;
}[keyof T & string];

export type MessageCode = CatalogueKey<typeof MESSAGES>;

/** A parameter: a value to show, or a message of its own (a file error's cause). */
export type MessageParam = string | number | Message;

/** What may fail says so in its answer instead of throwing: the value, or why there is none. */
export type Result<T, E = Message> = { ok: true; value: T } | { ok: false; error: E };

export interface Message {
  readonly code: MessageCode;
  readonly params?: Readonly<Record<string, MessageParam>>;
}

export function message(code: MessageCode, params?: Readonly<Record<string, MessageParam>>): Message {
  return params ? { code, params } : { code };
}

/** A system error code as a message parameter: in words when we have them ("no such file"), else as it is. */
export function systemReason(code: string): MessageParam {
  return Object.hasOwn(MESSAGES.errno, code) ? message(`errno.${code as keyof typeof MESSAGES.errno}`) : code;
}

/** Looks up a template by code or field key; undefined when the catalogue has none. */
export type Lookup = (path: string) => string | undefined;

function walk(root: unknown, path: string): string | undefined {
  let node: unknown = root;
  for (const part of path.split('.')) {
    if (!node || typeof node !== 'object' || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** A lookup into one language's messages and field names (`messages.…`, `fields.…`). */
export function catalogueLookup(messages: Catalogue<typeof MESSAGES>, fields: Catalogue<typeof FIELDS>): Lookup {
  return (path) => {
    if (path.startsWith('fields.')) return walk(fields, path.slice('fields.'.length));
    if (path.startsWith('messages.')) return walk(messages, path.slice('messages.'.length));
    return undefined;
  };
}

const englishLookup: Lookup = catalogueLookup(MESSAGES, FIELDS);

/** Fills `{name}` placeholders and `{'x'}` literals, as vue-i18n does. */
export function fill(template: string, params: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(?:'([^']*)'|\s*(\w+)\s*)\}/g, (whole, literal: string | undefined, name: string) =>
    literal !== undefined ? literal : name in params ? String(params[name]) : whole,
  );
}

/**
 * The field parameter's name: `start.2` is the second start coordinate; a key the catalogue lacks
 * (a path deep in a session file) is shown as it is.
 */
function fieldLabel(key: string, lookup: Lookup): string {
  const coordinate = /^start\.(\d+)$/.exec(key);
  if (coordinate) return fill(lookup('fields.startCoordinate') ?? key, { n: coordinate[1] ?? '' });
  // The form names a coordinate by its variable: "start x".
  const variable = /^start\.(.+)$/.exec(key);
  if (variable) return fill(lookup('fields.startVariable') ?? key, { name: variable[1] ?? '' });
  return lookup(`fields.${key}`) ?? key;
}

/** Whether this version has words for a message read from a file (a newer version may not). */
export function isKnownMessage(value: unknown): value is Message {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Message).code === 'string' &&
    englishLookup(`messages.${(value as Message).code}`) !== undefined
  );
}

function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && typeof (value as Message).code === 'string';
}

/**
 * A message in words, with `lookup` giving the templates: English by default, the window passes
 * its catalogue's. Nested messages, the field's name and the column are rendered the same way.
 */
export function formatMessage(m: Message, lookup: Lookup = englishLookup): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(m.params ?? {})) {
    if (isMessage(value)) params[name] = formatMessage(value, lookup);
    else if (name === 'field' && typeof value === 'string') params[name] = fieldLabel(value, lookup);
    else params[name] = value;
  }
  const template = lookup(`messages.${m.code}`) ?? englishLookup(`messages.${m.code}`) ?? m.code;
  const text = fill(template, params);
  const column = params.column;
  if (column === undefined) return text;
  return fill(lookup('messages.atColumn') ?? MESSAGES.atColumn, { message: text, column });
}

/** An error whose message is for the user; it crosses IPC as its `{ code, params }`. */
export class UserError extends Error {
  override name = 'UserError';
  constructor(readonly detail: Message) {
    super(formatMessage(detail));
  }
}
