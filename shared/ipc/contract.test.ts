import { describe, expect, expectTypeOf, it } from 'vitest';
import { EVENT_NAMES, INVOKE_NAMES, type EventName, type InvokeName } from './channels';
import { invokeContract, type DescentApi, type InvokeResponse, type Result } from './contract';
import type { RunListing } from '../session/run-record';
import type { JobSpecInput } from '../spec';

describe('the IPC contract', () => {
  it('binds every channel name to a schema, and nothing else', () => {
    expect(Object.keys(invokeContract).sort()).toEqual([...INVOKE_NAMES].sort());
    expectTypeOf<keyof typeof invokeContract>().toEqualTypeOf<InvokeName>();
  });

  it("derives window.api's type: one function per message", () => {
    expectTypeOf<DescentApi['startRun']>().toEqualTypeOf<(request: JobSpecInput) => Promise<Result<RunListing>>>();
    expectTypeOf<DescentApi['listRuns']>().returns.resolves.toEqualTypeOf<Result<InvokeResponse<'listRuns'>>>();
    expectTypeOf<keyof DescentApi>().toEqualTypeOf<InvokeName | `on${Capitalize<EventName>}`>();
    expect(EVENT_NAMES).toEqual(['runProgress', 'runEnded', 'sessionChanged', 'hostLost']);
  });
});
