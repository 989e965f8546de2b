import { useEffect, useRef } from 'react';

/** Listen to key presses anywhere in the window while the component is mounted (screen and app shortcuts). */
export function useWindowKeyDown(handler: (event: KeyboardEvent) => void): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const listener = (event: KeyboardEvent) => latest.current(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
}
