const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MS3: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Seconds remembered: a tick's lines fall within a few dozen seconds, met in no particular order. */
const SLOTS = 64;

/**
 * Formats times for log lines. Lines of one second share a prefix, so it is built once per second rather
 * than once per line (`toISOString` per line is the slowest part of writing logs). Requests are written in
 * the order they arrive, not by time, so consecutive lines jump between the seconds of a tick: the prefixes
 * of the last {@link SLOTS} seconds are kept, each in the slot its second picks.
 */
export class LogClock {
  private readonly seconds = new Float64Array(SLOTS).fill(Number.NaN);
  private readonly isos: string[] = new Array(SLOTS).fill('');
  private readonly accesses: string[] = new Array(SLOTS).fill('');
  private readonly spaces: string[] = new Array(SLOTS).fill('');
  private second = Number.NaN;
  private iso = '';
  private access = '';
  private space = '';

  private at(ms: number): number {
    const second = Math.floor(ms / 1000);
    if (second !== this.second) {
      this.second = second;
      const slot = second & (SLOTS - 1);
      if (this.seconds[slot] !== second) {
        this.seconds[slot] = second;
        const d = new Date(second * 1000);
        const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
        const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
        this.isos[slot] = `${date}T${time}.`;
        this.spaces[slot] = `${date} ${time}`;
        this.accesses[slot] =
          `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${time} +0000`;
      }
      this.iso = this.isos[slot]!;
      this.space = this.spaces[slot]!;
      this.access = this.accesses[slot]!;
    }
    return ms - second * 1000;
  }

  /** `2026-10-25T01:02:03.123Z` */
  isoMs(ms: number): string {
    const frac = this.at(ms);
    return `${this.iso}${MS3[Math.floor(frac)]}Z`;
  }

  /** `25/Oct/2026:01:02:03 +0000`, nginx's `$time_local` on a UTC host. */
  accessTime(ms: number): string {
    this.at(ms);
    return this.access;
  }

  /** `2026/10/25 01:02:03`, nginx's error-log time. */
  nginxErrorTime(ms: number): string {
    this.at(ms);
    return this.space.replace(/-/g, '/');
  }

  /** `2026-10-25 01:02:03.123`, as Logback and PostgreSQL write it. */
  spaceMs(ms: number): string {
    const frac = this.at(ms);
    return `${this.space}.${MS3[Math.floor(frac)]}`;
  }

  /** `25 Oct 2026 01:02:03.123`, as Redis writes it. */
  redisTime(ms: number): string {
    const frac = this.at(ms);
    const d = new Date(this.second * 1000);
    return `${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${this.space.slice(11)}.${MS3[Math.floor(frac)]}`;
  }
}
