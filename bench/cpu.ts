// CPU time of processes, from /proc: what a step costs each part when two cores are shared.
import { readdirSync, readFileSync } from 'node:fs';

/** CPU time (ms) used so far by a process, or by every PostgreSQL server process on the machine. */
export function cpuMs(pid: number | 'postgres'): number {
  const t = cpuSplit(pid);
  return t.user + t.sys;
}

/** The same, split into user and kernel time (ms). */
export function cpuSplit(pid: number | 'postgres'): { user: number; sys: number } {
  const pids = pid === 'postgres' ? readdirSync('/proc').filter((p) => /^\d+$/.test(p) && readComm(p) === 'postgres') : [String(pid)];
  let user = 0;
  let sys = 0;
  for (const p of pids) {
    try {
      const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
      user += Number(fields[11]); // utime
      sys += Number(fields[12]); // stime
      // PostgreSQL: and the processes that ended (a backend whose connection closed, an autovacuum
      // worker), counted in their parent's cutime and cstime once reaped — without them a reading
      // could fall between two and come out negative
      if (pid === 'postgres') {
        user += Number(fields[13]);
        sys += Number(fields[14]);
      }
    } catch {
      // ended meanwhile
    }
  }
  return { user: (user * 1000) / 100, sys: (sys * 1000) / 100 }; // USER_HZ
}
function readComm(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

