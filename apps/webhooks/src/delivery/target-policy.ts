import { lookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Where the hub may send webhooks. A target must (1) use https (http only when allowed for
 * development), (2) have a host matching an allow-list entry, and (3) resolve only to addresses
 * that are public — or that the allow-list names explicitly as an IP or CIDR. (3) is checked when
 * a subscription is created and again before every delivery, so a DNS change cannot turn an
 * approved name into a path to the cloud metadata service or an internal admin port. The
 * delivery's own connection resolves through `lookup`, which applies the same rule to the address
 * the socket is about to use: a DNS answer that changes between the check and the connection
 * (rebinding, e.g. with a zero TTL) is refused, never followed.
 *
 * Allow-list entries: `host.example.vn` (exactly), `*.example.vn` (any subdomain), `*` (any
 * host, public addresses only), `203.0.113.7` / `10.1.2.0/24` / `::1` (these addresses, even when
 * private or loopback).
 */
export type TargetCheck = { ok: true; url: URL } | { ok: false; reason: string };

/** The delivery's connection was about to use an address the policy refuses. */
export class TargetRefusedError extends Error {
  readonly code = 'TARGET_REFUSED';
  constructor(reason: string) {
    super(reason);
    this.name = 'TargetRefusedError';
  }
}

export type Resolver = (host: string) => Promise<string[]>;

export const systemResolver: Resolver = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Loopback, private, link-local (incl. 169.254.169.254 metadata), CGNAT, multicast, reserved.
 * One list per family: a BlockList matches IPv4 addresses against IPv4-mapped IPv6 ranges too.
 */
const NON_PUBLIC_V4 = new BlockList();
const NON_PUBLIC_V6 = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  NON_PUBLIC_V4.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['::ffff:0:0', 96],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  NON_PUBLIC_V6.addSubnet(net, prefix, 'ipv6');
}

function family(ip: string): 'ipv4' | 'ipv6' {
  return isIP(ip) === 6 ? 'ipv6' : 'ipv4';
}

export function isPublicAddress(ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return isPublicAddress(mapped[1]);
  return family(ip) === 'ipv4'
    ? !NON_PUBLIC_V4.check(ip, 'ipv4')
    : !NON_PUBLIC_V6.check(ip, 'ipv6');
}

const HOST_PATTERN =
  /^(\*|(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)$/;

export class TargetPolicy {
  private readonly hostPatterns: string[] = [];
  private readonly addresses = new BlockList();
  private hasAddresses = false;

  constructor(
    allowList: string,
    private readonly allowHttp: boolean,
    private readonly resolve: Resolver = systemResolver,
  ) {
    for (const entry of entries(allowList)) {
      const [ip, prefix] = entry.split('/');
      if (isIP(ip)) {
        this.hasAddresses = true;
        if (prefix === undefined) this.addresses.addAddress(ip, family(ip));
        else this.addresses.addSubnet(ip, Number(prefix), family(ip));
      } else {
        this.hostPatterns.push(entry.toLowerCase());
      }
    }
  }

  /** A config error for an allow-list, or undefined when every entry is well formed. */
  static problemWith(allowList: string): string | undefined {
    for (const entry of entries(allowList)) {
      const [ip, prefix] = entry.split('/');
      if (isIP(ip)) {
        const max = isIP(ip) === 6 ? 128 : 32;
        if (prefix !== undefined && !(/^\d+$/.test(prefix) && Number(prefix) <= max))
          return `"${entry}" has an invalid prefix length`;
        continue;
      }
      if (prefix !== undefined || !HOST_PATTERN.test(entry.toLowerCase()))
        return `"${entry}" is neither a host pattern (host, *.domain, *) nor an IP/CIDR`;
    }
    return undefined;
  }

  /** Syntax and allow-list only (no DNS): what can be said about a URL on its own. */
  checkUrl(raw: string): TargetCheck {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return { ok: false, reason: 'must be an absolute URL' };
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && this.allowHttp)) {
      return { ok: false, reason: this.allowHttp ? 'must be http or https' : 'must use https' };
    }
    if (url.username || url.password) {
      return { ok: false, reason: 'must not carry credentials; the hub signs every delivery' };
    }
    const host = bareHost(url);
    const literal = isIP(host) !== 0;
    const listed = literal
      ? this.addresses.check(host, family(host)) || this.matchesHost(host)
      : this.matchesHost(host);
    if (!listed) return { ok: false, reason: `host ${host} is not in WEBHOOK_ALLOWED_TARGETS` };
    return { ok: true, url };
  }

  /** The full check: allow-list, then every address the host resolves to. */
  async check(raw: string): Promise<TargetCheck> {
    const first = this.checkUrl(raw);
    if (!first.ok) return first;
    const addresses = await this.addressesOf(bareHost(first.url));
    return addresses.ok ? first : addresses;
  }

  /**
   * A `lookup` for the connection that delivers: it resolves the host again and hands the socket
   * only addresses that pass the same rule as `check`. Otherwise it fails with TargetRefusedError.
   */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    void this.addressesOf(hostname.toLowerCase()).then((found) => {
      if (!found.ok) callback(new TargetRefusedError(found.reason), '');
      else if (options.all)
        callback(
          null,
          found.ips.map((address) => ({ address, family: isIP(address) })),
        );
      else callback(null, found.ips[0], isIP(found.ips[0]));
    });
  };

  /** Every address of the host, when each one is public or allow-listed by IP/CIDR. */
  private async addressesOf(
    host: string,
  ): Promise<{ ok: true; ips: string[] } | { ok: false; reason: string }> {
    let ips: string[];
    try {
      ips = isIP(host) ? [host] : await this.resolve(host);
    } catch {
      return { ok: false, reason: `host ${host} does not resolve` };
    }
    if (ips.length === 0) return { ok: false, reason: `host ${host} does not resolve` };
    for (const ip of ips) {
      const explicitlyAllowed = this.hasAddresses && this.addresses.check(ip, family(ip));
      if (!isPublicAddress(ip) && !explicitlyAllowed) {
        return {
          ok: false,
          reason: `host ${host} resolves to ${ip}, a private, loopback, link-local or reserved address that is not allow-listed`,
        };
      }
    }
    return { ok: true, ips };
  }

  private matchesHost(host: string): boolean {
    return this.hostPatterns.some(
      (p) => p === '*' || p === host || (p.startsWith('*.') && host.endsWith(p.slice(1))),
    );
  }
}

function entries(list: string): string[] {
  return list
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
}

function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}
