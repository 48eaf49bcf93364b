/** The AudioContext constructor, where the browser has one. */
function audioContextClass(): typeof AudioContext | undefined {
  const w = globalThis as { AudioContext?: typeof AudioContext; webkitAudioContext?: typeof AudioContext };
  return w.AudioContext ?? w.webkitAudioContext;
}

/**
 * The pager's speaker: a tone made by an oscillator (no sound file), alternating two pitches in three
 * short bursts, as an old pager chirps. The AudioContext is made only once the sound is turned on, by a key
 * or a click, so a muted pager never asks the browser for audio.
 */
export class PagerSpeaker {
  private audio: AudioContext | undefined;

  /** `changed` hears each change of the audio context's state (made, started, suspended). */
  constructor(private readonly changed: () => void = () => {}) {}

  /** The audio context's state, or 'none' before the sound was first turned on. */
  get state(): AudioContextState | 'none' {
    return this.audio?.state ?? 'none';
  }

  /** Makes (or wakes) the audio context; answers whether the browser has audio at all. */
  wake(): boolean {
    const Audio = audioContextClass();
    if (!Audio) return false;
    if (!this.audio) {
      this.audio = new Audio();
      this.audio.onstatechange = this.changed;
      this.changed();
    }
    if (this.audio.state === 'suspended') void this.audio.resume();
    return true;
  }

  /** Lets the audio context sleep while the pager is muted. */
  sleep(): void {
    if (this.audio?.state === 'running') void this.audio.suspend();
  }

  /** Rings once; answers whether a ring was played. */
  ring(): boolean {
    if (!this.wake() || !this.audio) return false;
    const audio = this.audio;
    const start = audio.currentTime + 0.02;
    const gain = audio.createGain();
    gain.gain.setValueAtTime(0, start);
    gain.connect(audio.destination);
    const osc = audio.createOscillator();
    osc.type = 'square';
    osc.connect(gain);
    for (let burst = 0; burst < 3; burst++) {
      const at = start + burst * 0.3;
      osc.frequency.setValueAtTime(2000, at);
      osc.frequency.setValueAtTime(2400, at + 0.08);
      gain.gain.setValueAtTime(0.06, at);
      gain.gain.setValueAtTime(0, at + 0.16);
    }
    osc.start(start);
    osc.stop(start + 1);
    osc.onended = () => gain.disconnect();
    return true;
  }

  /** Lets the audio context go, when the screen goes. */
  close(): void {
    void this.audio?.close();
    this.audio = undefined;
  }
}
