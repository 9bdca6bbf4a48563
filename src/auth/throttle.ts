// Throttling of failed password checks (docs: /work/helpers/hard-auth.md is
// the interface note for other code; the behaviour is described here).
//
// Each client network (an IPv4 address, or an IPv6 /64, which one host can
// fill with addresses) and each account name has a bucket of attempts that
// refills at a steady rate; only failed checks take from it, and a check is
// refused, before any password work, while either bucket is empty. A client
// guessing many accounts runs out of its own bucket; many clients guessing
// one account run out of the account's. Both maps are bounded (least
// recently touched entries go first), so neither grows with the number of
// addresses or names an attacker makes up.
//
// Interface:
//   const throttle = new LoginThrottle();
//   const wait = throttle.retryAfter(client, account); // seconds; 0: go ahead
//   ... verify the password only when wait === 0 ...
//   if (wrong) throttle.failed(client, account);
// checkLogin (src/auth/login.ts) wraps these with the password check.

export interface BucketRule {
  /** Failures allowed in a row before waiting. */
  burst: number;
  /** Seconds for one more attempt to come back. */
  refillSeconds: number;
}

/** Failed attempts per client network: 20 at once, then one every 6 s. */
export const CLIENT_RULE: BucketRule = { burst: 20, refillSeconds: 6 };
/** Failed attempts per account name, from anywhere: 10 at once, then one every 30 s. */
export const ACCOUNT_RULE: BucketRule = { burst: 10, refillSeconds: 30 };
/** Entries kept per map (about 100 bytes each). */
export const MAX_KEYS = 10_000;

interface Bucket {
  tokens: number;
  at: number;
}

/** Token buckets by key, least recently touched evicted beyond maxKeys. */
export class FailureBuckets {
  private readonly buckets = new Map<string, Bucket>();
  constructor(
    private readonly rule: BucketRule,
    private readonly maxKeys = MAX_KEYS,
  ) {}

  get size(): number {
    return this.buckets.size;
  }

  private level(bucket: Bucket | undefined, now: number): number {
    if (!bucket) return this.rule.burst;
    return Math.min(this.rule.burst, bucket.tokens + (now - bucket.at) / 1000 / this.rule.refillSeconds);
  }

  /** Whole seconds until key may try again; 0 when it may now. */
  wait(key: string, now = Date.now()): number {
    const tokens = this.level(this.buckets.get(key), now);
    return tokens >= 1 ? 0 : Math.ceil((1 - tokens) * this.rule.refillSeconds);
  }

  failed(key: string, now = Date.now()): void {
    const tokens = this.level(this.buckets.get(key), now) - 1;
    this.buckets.delete(key);
    this.buckets.set(key, { tokens: Math.max(tokens, -this.rule.burst), at: now });
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
  }
}

/** The network a client address stands for: IPv4 as is (also when mapped
 * into IPv6), IPv6 cut to its /64. */
export function clientNetwork(address: string | undefined): string {
  if (!address) return '';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (!address.includes(':')) return address;
  const [head, tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':') + '::/64';
}

/** Longest account name kept as a key (Django's username length). */
const ACCOUNT_KEY_MAX = 150;

export class LoginThrottle {
  readonly clients: FailureBuckets;
  readonly accounts: FailureBuckets;

  constructor(client: BucketRule = CLIENT_RULE, account: BucketRule = ACCOUNT_RULE, maxKeys = MAX_KEYS) {
    this.clients = new FailureBuckets(client, maxKeys);
    this.accounts = new FailureBuckets(account, maxKeys);
  }

  /** Seconds before this client may try this account again; 0: now. */
  retryAfter(client: string | undefined, account: string, now = Date.now()): number {
    return Math.max(this.clients.wait(clientNetwork(client), now), this.accounts.wait(account.slice(0, ACCOUNT_KEY_MAX), now));
  }

  failed(client: string | undefined, account: string, now = Date.now()): void {
    this.clients.failed(clientNetwork(client), now);
    this.accounts.failed(account.slice(0, ACCOUNT_KEY_MAX), now);
  }
}
