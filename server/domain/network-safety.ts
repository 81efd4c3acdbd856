import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

const WELL_KNOWN_NAT64 = ipaddr.parseCIDR('64:ff9b::/96');
const ipv4 = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);

/**
 * The IPv4 addresses a packet to this IPv6 address ends up at (IPv4-mapped, -translated and
 * -compatible, NAT64, 6to4, Teredo's server and client), or null when it embeds none. These ranges
 * are not `unicast` to ipaddr.js, so without this a public IPv4 behind them would be refused too.
 */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4[] | null {
  const p = address.parts as [number, number, number, number, number, number, number, number];
  switch (address.range()) {
    case 'ipv4Mapped': // ::ffff:a.b.c.d
    case 'rfc6145': // ::ffff:0:a.b.c.d
      return [ipv4(p[6], p[7])];
    case 'rfc6052': // 64:ff9b::a.b.c.d; the local-use 64:ff9b:1::/48 stays refused
      return address.match(WELL_KNOWN_NAT64) ? [ipv4(p[6], p[7])] : null;
    case '6to4': // 2002:aabb:ccdd::
      return [ipv4(p[1], p[2])];
    case 'teredo': // 2001:0:<server>:<flags>:<port>:<client, inverted>
      return [ipv4(p[2], p[3]), ipv4(~p[6] & 0xffff, ~p[7] & 0xffff)];
    case 'unicast': // ::a.b.c.d (deprecated IPv4-compatible) is unicast to ipaddr.js
      return p.slice(0, 6).every((part) => part === 0) ? [ipv4(p[6], p[7])] : null;
    default:
      return null;
  }
}

/**
 * Whether a merchant's callback may reach this address: only globally routable unicast, never
 * private, loopback, link-local, metadata, reserved or multicast space, however it is spelled.
 */
export function isPublicAddress(address: string): boolean {
  if (!isIP(address)) return false;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv4') return parsed.range() === 'unicast';
  const carried = embeddedIPv4(parsed as ipaddr.IPv6);
  return carried ? carried.every((embedded) => embedded.range() === 'unicast') : parsed.range() === 'unicast';
}

/** The IP address a URL's hostname names literally (`[::1]` → `::1`), or null for a DNS name. */
export function ipLiteral(hostname: string): string | null {
  const host = hostname.replace(/^\[|\]$/g, '');
  return isIP(host) ? host : null;
}
