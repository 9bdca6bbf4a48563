// API tokens: 40 lowercase hex characters as upstream, stored only as their
// SHA-256 (the key is random, so a fast hash is enough).
import { createHash, randomBytes } from 'node:crypto';

export function generateToken(): string {
  return randomBytes(20).toString('hex');
}

export function hashToken(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
