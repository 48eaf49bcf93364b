import type { RefObject } from 'preact';
import { createContext } from 'preact';
import { useContext, useEffect, useRef } from 'preact/hooks';
import type { Session } from '../state/session.ts';

/** Stops a map and frees its canvas. */
export type StopMap = () => void;

/**
 * The Phaser maps the panels host, each loaded on demand so Phaser stays out of the first download. The
 * page's entry (main.tsx) passes them in, so the panels and the game never import each other.
 */
export interface MapMounts {
  /** Loads the ops map: the system's topology, animated from the telemetry at the map's moment. */
  loadOpsMap(): Promise<(parent: HTMLElement, session: Session) => StopMap>;
  /** Loads the debrief's reveal: the incident replayed on the map at the store's replay frame. */
  loadDebriefMap(): Promise<(parent: HTMLElement, session: Session) => StopMap>;
}

/** The maps the page was given; none where no entry provides them. */
export const MapsContext = createContext<MapMounts | undefined>(undefined);

/** The maps the page was given, if any. */
export function useMapMounts(): MapMounts | undefined {
  return useContext(MapsContext);
}

/**
 * Mounts one of the page's maps in the element the returned ref is set on, once Phaser has loaded, and
 * stops it when the element goes; nothing is mounted where the page was given no maps.
 */
export function useMountedMap(session: Session, which: keyof MapMounts): RefObject<HTMLDivElement | null> {
  const container = useRef<HTMLDivElement>(null);
  const maps = useMapMounts();
  useEffect(() => {
    let stop: StopMap | undefined;
    let cancelled = false;
    void maps?.[which]().then((start) => {
      if (cancelled || !container.current) return;
      stop = start(container.current, session);
    });
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [session, maps, which]);
  return container;
}
