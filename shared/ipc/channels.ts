/**
 * The names of every IPC message, with no dependencies, so the sandboxed preload can import
 * them without pulling in the schemas. `contract.ts` binds each name to its types and schema.
 */
export const INVOKE_NAMES = [
  'startRun',
  'cancelRun',
  'listRuns',
  'getRun',
  'inspectStep',
  'getSession',
  'setForm',
  'newSession',
  'openSession',
  'openSessionText',
  'openDroppedSession',
  'saveSession',
  'revertSession',
  'listRecent',
  'dismissRestore',
  'exportRun',
  'exportSession',
  'exportImage',
  'updateRun',
  'deleteRun',
  'restoreRun',
  'setLanguage',
] as const;
export const EVENT_NAMES = ['runProgress', 'runEnded', 'sessionChanged', 'hostLost'] as const;

export type InvokeName = (typeof INVOKE_NAMES)[number];
export type EventName = (typeof EVENT_NAMES)[number];

/** The web-preview bridge's header carrying the per-launch token. */
export const WEB_TOKEN_HEADER = 'x-descent-token';

/** Electron channel of an invoke message. */
export const invokeChannel = (name: InvokeName): string => `descent-lab:${name}`;
/** Electron channel of an event. */
export const eventChannel = (name: EventName): string => `descent-lab:event:${name}`;
/** Preload method that subscribes to an event: runProgress → onRunProgress. */
export const listenerName = <N extends EventName>(name: N): `on${Capitalize<N>}` =>
  `on${name.charAt(0).toUpperCase()}${name.slice(1)}` as `on${Capitalize<N>}`;
