import { Clock } from '../../examples/solution/producer/clock';

/** When the producer tests' runs start. */
export const START = Date.parse('2025-01-01T10:00:00Z');
/** The stand-in user's password: meets the user pool's password policy. */
export const PASSWORD = 'Correct-Horse-1!';

/** A clock that only moves when the code under test sleeps, so runs take no real time. */
export class VirtualClock implements Clock {
  public t = START;
  public now = () => this.t;
  public sleep = async (ms: number) => {
    this.t += Math.max(0, ms);
  };
}
