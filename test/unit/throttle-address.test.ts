import { addressOf } from '../../src/modules/throttle/throttle';

describe('the address a budget belongs to', () => {
  it('is an IPv4 address as it is, also when the socket names it IPv4-mapped', () => {
    expect(addressOf('203.0.113.7')).toBe('203.0.113.7');
    expect(addressOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('is the /64 of an IPv6 address, however it is written, since one subscriber holds a whole /64', () => {
    expect(addressOf('2001:db8:12:34:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:12:34::/64');
    expect(addressOf('2001:0DB8:0012:0034::1')).toBe('2001:db8:12:34::/64');
    expect(addressOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressOf('::1')).toBe('0:0:0:0::/64');
  });
});
