/**
 * Test hook for crash-safety tests: the named steps of a rental where a real golem process can be killed with
 * SIGKILL, to check that the intent log lets the next run settle what it left (issue 6 item 1).
 *
 * Honoured only when `GOLEM_TEST_HOOKS=1`; then `GOLEM_TEST_KILL_AT=<step>` kills the process the first time it
 * reaches `<step>` — for the VM named by `GOLEM_TEST_KILL_VM` when that is set (so a terminate that the automatic
 * reconcile sends for another VM does not count). Without the variables a kill point is a no-op.
 */

/** Every step a test may kill at, in the order the rental reaches them. */
export const KILL_STEPS = [
  // vm create (and vm start, which opens a stream the same way)
  'create:intent', // create-vm intent row written, nothing paid yet
  'create-stream:signed', // createStream signed, hash + raw transaction stored, not yet broadcast
  'create-stream:sent', // createStream broadcast, hash stored, receipt not seen
  'create:stream-mined', // stream mined and recorded, VM not asked for yet
  'create:vm-requested', // provider accepted the create job, no local VM row yet
  'create:vm-ready', // SSH reachable, local row not yet marked running
  // vm stop
  'stop:intent',
  'stop:provider-stopped',
  // vm destroy
  'destroy:intent',
  'destroy:provider-deleted',
  'destroy:terminated',
  // terminate (stop, destroy, stream terminate)
  'terminate:signed',
  'terminate:sent',
  // stream top-up
  'top-up:intent',
  'top-up:signed',
  'top-up:sent',
] as const;

/** A step named in {@link KILL_STEPS}. */
export type KillStep = (typeof KILL_STEPS)[number];

/**
 * Kills the current process with SIGKILL (no clean-up, no exit handlers — as a power cut or `kill -9` would) when
 * `GOLEM_TEST_HOOKS=1`, `GOLEM_TEST_KILL_AT` equals `step` and `GOLEM_TEST_KILL_VM` is unset or equals `vmName`.
 * A no-op otherwise. Never throws.
 *
 * @example
 * killPoint('create:vm-requested', 'web-1') // GOLEM_TEST_HOOKS=1 GOLEM_TEST_KILL_AT=create:vm-requested golem vm create web-1 …
 */
export function killPoint(step: KillStep, vmName: string | null): void {
  const {GOLEM_TEST_HOOKS: hooks, GOLEM_TEST_KILL_AT: at, GOLEM_TEST_KILL_VM: vm} = process.env;
  if (hooks !== '1' || at !== step || (vm !== undefined && vm !== vmName)) return;
  process.kill(process.pid, 'SIGKILL');
}
