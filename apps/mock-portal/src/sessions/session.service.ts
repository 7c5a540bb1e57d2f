import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { MOCK_PORTAL_CONFIG, type MockPortalConfig } from '../mock-portal.config';
import { CLOCK, type Clock } from '../runtime';

/**
 * Login sessions of the adapter accounts. A session lives for a fixed TTL from login (the
 * portal does not extend it on use), which is what makes clients handle "-2" and log in again.
 */
@Injectable()
export class SessionService {
  private readonly sessions = new Map<string, { username: string; expiresAt: number }>();

  constructor(
    @Inject(MOCK_PORTAL_CONFIG) private readonly config: MockPortalConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** A new session token, or undefined for unknown users and wrong passwords alike. */
  login(username: unknown, password: unknown): string | undefined {
    if (typeof username !== 'string' || typeof password !== 'string') return undefined;
    const expected = this.config.MOCK_PORTAL_USERS.get(username);
    if (expected === undefined || !sameSecret(expected, password)) return undefined;
    const token = randomBytes(24).toString('base64url');
    this.sessions.set(token, {
      username,
      expiresAt: this.clock().getTime() + this.config.MOCK_PORTAL_SESSION_TTL_MS,
    });
    return token;
  }

  /** The account behind a live session; expired sessions are forgotten on the way. */
  accountOf(token: unknown): string | undefined {
    if (typeof token !== 'string') return undefined;
    const session = this.sessions.get(token);
    if (!session) return undefined;
    if (this.clock().getTime() >= session.expiresAt) {
      this.sessions.delete(token);
      return undefined;
    }
    return session.username;
  }

  expireAll(): void {
    this.sessions.clear();
  }
}

/** Compares digests so the comparison time does not depend on where the passwords differ. */
function sameSecret(expected: string, given: string): boolean {
  const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(expected), digest(given));
}
