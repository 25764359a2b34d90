import { addDuration } from '../engine/index.ts';

/** Milliseconds of an ISO 8601 duration counted from the epoch (for fixed-length settings). */
export function durationMsOf(text: string): number {
  return addDuration(new Date(0), text).getTime();
}
