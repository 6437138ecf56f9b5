// The session's timers: the rest between sets and between exercises, a countdown for holds, and
// the cardio stopwatch with the time left of the planned minutes (and of each bout). Each runs
// on clock times kept with the session, so a reload or a closed app does not reset it; each
// ends with a sound and a vibration. The screen is kept awake while a session is open.
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { restLeft, type Rest } from '../session-state';

let audio: AudioContext | null = null;
export function beep() {
  try {
    const Ctx = window.AudioContext || (window as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext!;
    audio ??= new Ctx();
    const o = audio.createOscillator();
    const g = audio.createGain();
    o.frequency.value = 880;
    g.gain.value = 0.2;
    o.connect(g).connect(audio.destination);
    o.start();
    o.stop(audio.currentTime + 0.4);
  } catch {
    /* no sound available */
  }
  navigator.vibrate?.([300, 150, 300]);
}

// Keeps the screen on while `on` (Screen Wake Lock), asking again when the page comes back
// into view (the lock is released when it is hidden). Without the API, nothing happens.
export function useWakeLock(on: boolean) {
  useEffect(() => {
    const wl = (navigator as { wakeLock?: { request(type: 'screen'): Promise<{ release(): Promise<void> }> } }).wakeLock;
    if (!on || !wl) return;
    let lock: { release(): Promise<void> } | null = null;
    let gone = false;
    const take = () => {
      if (document.visibilityState !== 'visible') return;
      wl.request('screen').then((l) => {
        if (gone) l.release().catch(() => {});
        else lock = l;
      }, () => {});
    };
    take();
    document.addEventListener('visibilitychange', take);
    return () => {
      gone = true;
      document.removeEventListener('visibilitychange', take);
      lock?.release().catch(() => {});
    };
  }, [on]);
}

// A re-render every `ms` while `on`, for the timers' displays; returns the clock as it is at
// each render (never a time kept from an earlier one).
export function useTick(on: boolean, ms = 250): number {
  const [, setTicks] = useState(0);
  useEffect(() => {
    if (!on) return;
    const id = setInterval(() => setTicks((n) => n + 1), ms);
    return () => clearInterval(id);
  }, [on, ms]);
  return Date.now();
}

export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

// The rest after a set or an exercise: time left, +30 s, skip. Sounds once when it reaches 0.
export function RestBanner({ rest, extend, end }: { rest: Rest; extend: () => void; end: () => void }) {
  const now = useTick(true);
  const left = restLeft(rest, now);
  const sounded = useRef(left === 0);
  useEffect(() => {
    if (left === 0 && !sounded.current) {
      sounded.current = true;
      beep();
    }
    if (left > 0) sounded.current = false;
  }, [left]);
  return (
    <section class="rest-banner" aria-labelledby="rest-title" data-testid="rest">
      <h2 id="rest-title" class="sr-only">{t(rest.after === 'exercise' ? 'sess.rest_exercise' : 'today.rest')}</h2>
      <p class="rest-time">
        <span>{t('today.rest')}</span>
        <span class="timer" role="timer" aria-live="off">{clock(left)}</span>
      </p>
      <p class="sr-only" aria-live="assertive">{left === 0 ? t('today.rest_over') : ''}</p>
      <div class="rest-actions">
        <button type="button" onClick={extend}>{t('today.rest_more')}</button>
        <button type="button" class="primary" onClick={end}>{left === 0 ? t('sess.go_on') : t('today.skip_rest')}</button>
      </div>
    </section>
  );
}

// A countdown for a hold (balance, stretches): start, pause, again; counts the holds done of
// `total`. Sounds at the end of each hold.
export function HoldTimer({ seconds, total }: { seconds: number; total: number }) {
  const [until, setUntil] = useState<number | null>(null);
  const [paused, setPaused] = useState<number | null>(null);
  const [count, setCount] = useState(0);
  const now = useTick(until !== null);
  const left = until === null ? (paused ?? seconds) : Math.max(0, (until - now) / 1000);
  useEffect(() => {
    if (until !== null && left <= 0) {
      setUntil(null);
      setPaused(null);
      setCount((c) => c + 1);
      beep();
    }
  }, [left, until]);
  const running = until !== null;
  return (
    <div class="hold-timer" data-testid="hold-timer">
      <p class="hold-line">
        <span class="timer" role="timer" aria-live="off">{clock(Math.ceil(left))}</span>
        <span>{t('sess.holds_done', { done: Math.min(count, total), total })}</span>
      </p>
      <p class="sr-only" aria-live="assertive">{count > 0 && !running ? t('sess.hold_over') : ''}</p>
      <div class="rest-actions">
        <button type="button" class="primary" onClick={() => {
          if (running) {
            setPaused(left);
            setUntil(null);
          } else setUntil(Date.now() + (paused ?? seconds) * 1000);
        }}>{running ? t('today.pause') : paused !== null ? t('sess.hold_resume') : t('sess.hold_start', { seconds })}</button>
        {(running || paused !== null) && (
          <button type="button" onClick={() => { setUntil(null); setPaused(null); }}>{t('sess.hold_reset')}</button>
        )}
      </div>
    </div>
  );
}
