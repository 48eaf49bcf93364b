import { traceIdText } from '../model/ids.ts';
import type { SegmentModel } from '../run.ts';
import type { RequestText } from '../telemetry/requestLines.ts';

/**
 * The request being walked: its trace id's words, user segment, client address and agent. The trace id
 * and address are made into text when a line or a trace first needs them (a run whose plain lines another
 * thread writes seldom does), once per request.
 */
export class WalkedRequest implements RequestText {
  readonly words = new Uint32Array(4);
  seg: SegmentModel | undefined;
  ua = '';
  /** The client address `10.a.b.c` as `a << 16 | b << 8 | c`. */
  address = 0;
  private id = '';
  private ipText = '';

  /** Starts the next request (its trace id's words are drawn into {@link words}). */
  next(seg: SegmentModel | undefined, address: number, ua: string): void {
    this.seg = seg;
    this.address = address;
    this.ua = ua;
    this.id = '';
    this.ipText = '';
  }

  get traceId(): string {
    if (this.id === '') this.id = traceIdText(this.words[0]!, this.words[1]!, this.words[2]!, this.words[3]!);
    return this.id;
  }

  get ip(): string {
    if (this.ipText === '') {
      const n = this.address;
      this.ipText = `10.${n >>> 16}.${(n >>> 8) & 255}.${n & 255}`;
    }
    return this.ipText;
  }
}
