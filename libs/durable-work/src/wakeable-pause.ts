/**
 * The pause of a worker loop between rounds that found nothing to do: it lasts `ms` unless a
 * wake-up ends it. A wake-up that comes while the loop is busy is kept, and the next pause ends
 * at once: the round may have looked for work before the work that woke it was committed, and
 * would otherwise sleep on it until the next poll.
 */
export class WakeablePause {
  private wokenMeanwhile = false;
  private endPause?: () => void;

  /** Call right before a round looks for work: wake-ups until then are answered by that look. */
  forgetWakeUps(): void {
    this.wokenMeanwhile = false;
  }

  wake(): void {
    if (this.endPause) this.endPause();
    else this.wokenMeanwhile = true;
  }

  for(ms: number): Promise<void> {
    if (this.wokenMeanwhile) {
      this.wokenMeanwhile = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.endPause === done) this.endPause = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.endPause = done;
    });
  }
}
