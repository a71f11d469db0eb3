/**
 * Is a recorded pid still the process that was recorded? A pid is reused after its process
 * exits, so a stale lock or server state whose pid now belongs to an unrelated process must
 * neither block every run nor get that process killed. Linux gives each process a start time
 * (/proc/<pid>/stat, field 22) and a command line: the pair identifies it. Where /proc is
 * missing (macOS), only liveness is known.
 */
import { readFileSync } from 'node:fs';

/** The process's start time in clock ticks since boot, or null where /proc cannot tell. */
export function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in brackets and may hold spaces: count after its end.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

export function commandLine(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // An exited process its parent has not reaped yet is a zombie: it answers kill(0) but is gone.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/** Alive, and (where the system tells) started when recorded and running a command with `marker`. */
export function isRecordedProcess(pid: number, recorded: { start?: string | null; marker?: string }): boolean {
  if (!(pid > 0) || !alive(pid)) return false;
  const start = processStart(pid);
  if (recorded.start && start !== null && start !== recorded.start) return false;
  if (recorded.marker) {
    const command = commandLine(pid);
    if (command !== null && !command.includes(recorded.marker)) return false;
  }
  return true;
}
