// Preloaded into a job worker by tests only (`--import`): lets a test make the worker fail the
// ways a real one can, so the supervisor's recovery is tested against real failures. The worker
// itself ignores the message type; nothing of this is in the product.
process.on('message', (message) => {
  if (message?.type !== 'test-fault') return;
  const kind = message.fault;
  if (kind === 'hang') for (;;) Math.random();
  if (kind === 'throw')
    setImmediate(() => {
      throw new Error('injected failure');
    });
  if (kind === 'crash') process.kill(process.pid, 'SIGKILL');
  if (kind === 'oom') {
    const hoard = [];
    for (;;) hoard.push(new Array(1_000_000).fill(Math.random()));
  }
});
