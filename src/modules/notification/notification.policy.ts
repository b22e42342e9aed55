import type { Caller } from '../../identity';

/**
 * Notifications are for people. A partner system (API key) has no inbox: asking for one is
 * refused rather than answered empty, so an integration learns it is using the wrong credential.
 */
export function hasInbox(caller: Caller | undefined): caller is Extract<Caller, { kind: 'user' }> {
  return caller?.kind === 'user';
}
