/**
 * The store's refusals: typed, each with a stable `code` the CLI and API map to exit codes
 * and HTTP statuses, and a message in plain words that names what the user needs to know
 * (which hash is active, who holds the lock and since when).
 */
export type StoreErrorCode = "stale-base" | "apply-locked" | "apply-lock-lost" | "unknown-version" | "hash-mismatch";

export abstract class StoreError extends Error {
  abstract readonly code: StoreErrorCode;
}

/** The apply lock's holder, as recorded when it was taken. */
export interface LockHolder {
  holder: string;
  /** Epoch ms. */
  since: number;
}

/** A plan was made against `expected`, but `active` is deployed now: the plan is stale. */
export class StaleBaseError extends StoreError {
  readonly code = "stale-base";
  constructor(
    readonly expected: string | null,
    readonly active: string | null,
  ) {
    super(
      `the deployed version has changed since this plan was made: it expected ${expected ?? "nothing deployed"} ` +
        `but ${active ?? "nothing"} is active now; plan again against the deployed version`,
    );
  }
}

/** Another apply holds the lock. */
export class ApplyLockedError extends StoreError {
  readonly code = "apply-locked";
  constructor(readonly lock: LockHolder) {
    super(
      `another apply is in progress: locked by ${lock.holder} since ${new Date(lock.since).toISOString()}; ` +
        "if that apply crashed, run `funnelform force-unlock`",
    );
  }
}

/** The lock was force-unlocked (and maybe taken by someone else) while this apply ran. */
export class ApplyLockLostError extends StoreError {
  readonly code = "apply-lock-lost";
  constructor(readonly lock: LockHolder | undefined) {
    super(
      "this apply's lock was removed while it ran (force-unlock)" +
        (lock ? `; it is now held by ${lock.holder} since ${new Date(lock.since).toISOString()}` : "") +
        "; nothing was changed, run apply again",
    );
  }
}

/** Activating a hash that was never stored. */
export class UnknownVersionError extends StoreError {
  readonly code = "unknown-version";
  constructor(readonly hash: string) {
    super(`no stored version has the hash ${hash}: only a version applied before can be made active again`);
  }
}

/** The IR's `hash` member does not match its content (an edited plan or IR file). */
export class HashMismatchError extends StoreError {
  readonly code = "hash-mismatch";
  constructor(
    readonly claimed: string,
    readonly actual: string,
  ) {
    super(`the configuration says its hash is ${claimed} but its content hashes to ${actual}; compile it again`);
  }
}
