import { nipProblem } from '../../src/modules/user/nip';

describe('NIP rule', () => {
  const today = new Date('2026-11-29T00:00:00Z');

  it.each([
    ['198503122010011001', 'a man born 12 March 1985, appointed January 2010'],
    ['199912312024122999', 'a woman born 31 December 1999, appointed December 2024'],
    ['196002292000012001', 'born on a leap day'],
  ])('accepts %s (%s)', (nip) => {
    expect(nipProblem(nip, today)).toBeUndefined();
  });

  it.each([
    ['19850312201001100', /18 digits/],
    ['1985031220100110011', /18 digits/],
    ['19850312201001100a', /18 digits/],
    ['198513122010011001', /birth date/],
    ['196102292000012001', /birth date/],
    ['203001012050011001', /birth date/],
    ['198503122010131001', /appointment/],
    ['198503121990011001', /appointment/],
    ['198503122010013001', /digit 15/],
    ['198503122010011000', /sequence/],
  ])('refuses %s', (nip, reason) => {
    expect(nipProblem(nip, today)).toMatch(reason);
  });
});
